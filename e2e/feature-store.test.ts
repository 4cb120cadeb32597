import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, CLI, openAppInBrowser, screenshot, showPage, temporaryDir } from './harness.js';

const home = temporaryDir('home');
const projects = temporaryDir('projects');
let app: AppInBrowser;
let page: Page;

beforeAll(async () => {
  app = await openAppInBrowser(home.path);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  home.remove();
  projects.remove();
});

const go = (label: string) => showPage(page, label);

describe('the feature store in the UI, on the flights sample', () => {
  it('browses a table in the grid and shows a column’s statistics', async () => {
    await go('Tables');
    await page.getByLabel('Table or feature view').selectOption('flights');
    const grid = page.getByRole('grid', { name: 'Rows of flights' });
    await grid.waitFor();
    await expect.poll(() => page.getByText('20,000 rows').count()).toBe(1);
    await grid.getByRole('columnheader', { name: 'delay' }).click();
    await page.getByRole('region', { name: 'Statistics of delay' }).waitFor();
    const histogram = page.getByRole('img', { name: 'Histogram of delay' });
    await histogram.waitFor();
    // The x axis says where each bin starts: the first and last bins at least, as numbers.
    const tickLabels = histogram.locator('text.recharts-cartesian-axis-tick-value[orientation="bottom"]');
    await expect.poll(() => tickLabels.count()).toBeGreaterThanOrEqual(2);
    const ticks = await tickLabels.allTextContents();
    for (const tick of ticks) expect(tick).toMatch(/^−?-?[\d,.]+[KMB]?$/);
    await page.getByLabel('Filter rows').fill('SFO');
    await expect
      .poll(async () => (await page.locator('.virtual-grid__meta').textContent()) ?? '')
      .not.toBe('20,000 rows');
    await screenshot(page, 'tables');
  });

  it('starts another table unsorted and unfiltered, whatever the previous one was sorted by', async () => {
    const flights = page.getByRole('grid', { name: 'Rows of flights' });
    await expect
      .poll(() => flights.getByRole('columnheader', { name: 'delay' }).getAttribute('aria-sort'))
      .toBe('ascending');
    await page.getByLabel('Table or feature view').selectOption('airports');
    const airports = page.getByRole('grid', { name: 'Rows of airports' });
    await airports.waitFor();
    await expect.poll(() => airports.getByRole('gridcell').count()).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByLabel('Filter rows').inputValue()).toBe('');
    expect(await airports.locator('[aria-sort]:not([aria-sort="none"])').count()).toBe(0);
    await page.getByLabel('Table or feature view').selectOption('flights');
    await expect.poll(() => page.getByText('20,000 rows').count()).toBe(1);
    expect(await flights.getByRole('columnheader', { name: 'delay' }).getAttribute('aria-sort')).toBe('none');
  });

  it('defines a feature view: refuses bad SQL with its line, then applies a good one', async () => {
    await go('Feature views');
    const editor = page.getByLabel('Feature definitions (YAML)');
    await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(100);
    const original = await editor.inputValue();
    const addition = `  - name: route_distances
    entities: [airport]
    source: SELECT origin, date AS at, distanse FROM flights
    timestamp_field: at
`;
    const withView = original.replace('feature_services:', `${addition}feature_services:`);
    await editor.fill(withView);
    await page.getByRole('button', { name: 'Check' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /line \d+ feature view route_distances: SQL error: no such column: distanse/,
    );
    expect(await page.locator('.code-editor__line--problem').count()).toBe(1);
    await editor.fill(withView.replace('distanse', 'distance'));
    await page.getByRole('button', { name: 'Apply' }).click();
    const status = page.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toContain('+ feature view route_distances');
    const card = page.locator('.catalog-card', { hasText: 'route_distances' });
    await card.getByRole('button', { name: 'Preview rows' }).click();
    await page.getByRole('grid', { name: 'Rows of route_distances' }).waitFor();
    await screenshot(page, 'feature-views');
    expect(await page.getByRole('note').count()).toBe(0);
  });

  it('keeps unapplied definitions while the user visits another page, and asks before the window unloads', async () => {
    const editor = page.getByLabel('Feature definitions (YAML)');
    const saved = await editor.inputValue();
    const edited = `# draft kept across pages\n${saved}`;
    await editor.fill(edited);
    await page.getByRole('note').waitFor();
    await go('Tables');
    await page.getByRole('heading', { name: 'Tables' }).waitFor();
    await go('Feature views');
    await expect.poll(() => editor.inputValue()).toBe(edited);
    expect(await page.getByRole('note').textContent()).toContain('Unsaved edits');
    const unloadRefused = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await unloadRefused()).toBe(true);
    await screenshot(page, 'feature-views-unsaved');
    await page.getByRole('button', { name: 'Discard edits' }).click();
    expect(await editor.inputValue()).toBe(saved);
    expect(await page.getByRole('note').count()).toBe(0);
    expect(await unloadRefused()).toBe(false);
  });

  it('materializes the online views', async () => {
    await go('Materialization');
    await page.getByRole('button', { name: 'Materialize all' }).click();
    const status = page.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toContain('route_distances: 220 entities updated');
  });

  it("looks up an entity's online features with a status each, as of a time asked", async () => {
    const lookup = page.getByRole('region', { name: 'Look up an entity' });
    await lookup.getByLabel('Feature service').selectOption('delay_prediction');
    await lookup.getByLabel('origin').fill('SEA');
    await lookup.getByLabel('As of').fill('2001-03-31T12:00');
    await lookup.getByLabel('origin').press('Enter');
    const values = lookup.getByRole('table', { name: 'Online feature values' });
    await values.waitFor();
    const distance = values.getByRole('row').filter({ hasText: 'distance' });
    expect(await distance.textContent()).toBe('distanceairport_departures2421present2001-03-31T07:56:00Z');
    expect(await values.getByRole('row').filter({ hasText: 'avg_delay' }).textContent()).toContain(
      'newer than the time asked',
    );
    await screenshot(page, 'online-lookup');
    await lookup.getByLabel('origin').fill('ZZZ');
    await lookup.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => lookup.getByRole('status').textContent()).toContain('not in the online store');
  });

  it('explains YAML mistakes once each in the file’s words, and takes the cursor to the line of one', async () => {
    await go('Feature views');
    const editor = page.getByLabel('Feature definitions (YAML)');
    await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(100);
    const saved = await editor.inputValue();
    await editor.fill('entities:\n  - name: trip\n    join_keys [trip_id]\nfeature_views:\n\t- name: trips\n');
    await page.getByRole('button', { name: 'Check' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.locator('strong').textContent()).toBe('Check found 2 problems:');
    expect(await alert.locator('li').allTextContents()).toEqual([
      'line 3 missing `:` after `join_keys` (write `join_keys: value`)',
      'line 5 a tab indents this line: YAML indents with spaces only, 2 per level',
    ]);
    await alert.getByRole('button', { name: 'line 5' }).click();
    const cursor = () =>
      page.evaluate(() => {
        const area = document.activeElement as HTMLTextAreaElement;
        return { label: area.getAttribute('aria-label'), before: area.value.slice(0, area.selectionStart) };
      });
    expect(await cursor()).toEqual({
      label: 'Feature definitions (YAML)',
      before: 'entities:\n  - name: trip\n    join_keys [trip_id]\nfeature_views:\n',
    });
    await screenshot(page, 'feature-views-problems');
    await page.getByRole('button', { name: 'Discard edits' }).click();
    expect(await editor.inputValue()).toBe(saved);
  });

  it('asks before Apply deletes anything: Cancel keeps every definition, confirming deletes the listed ones', async () => {
    const editor = page.getByLabel('Feature definitions (YAML)');
    const saved = await editor.inputValue();
    await editor.fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    const dialog = page.getByRole('dialog', { name: /^Delete \d+ objects\?$/ });
    await dialog.waitFor();
    const deleted = await dialog.locator('.change-list__delete').allTextContents();
    expect(deleted).toContain('− feature view route_distances');
    expect(deleted).toContain('− feature service delay_prediction');
    await screenshot(page, 'feature-views-confirm-deletions');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('.catalog-card', { hasText: 'route_distances' }).count()).toBe(1);
    expect(await page.locator('.catalog-card', { hasText: 'delay_prediction' }).count()).toBe(1);

    const withoutRoutes = saved.replace(/ {2}- name: route_distances\n(?: {4}.*\n)+/, '');
    expect(withoutRoutes).not.toContain('route_distances');
    await editor.fill(withoutRoutes);
    await page.getByRole('button', { name: 'Apply' }).click();
    const one = page.getByRole('dialog', { name: 'Delete 1 object?' });
    await one.waitFor();
    expect(await one.locator('.change-list__delete').allTextContents()).toEqual(['− feature view route_distances']);
    await one.getByRole('button', { name: 'Delete and apply' }).click();
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent()).toBe('Applied 1 change:− feature view route_distances');
    await expect.poll(() => page.locator('.catalog-card', { hasText: 'route_distances' }).count()).toBe(0);
    expect(await page.locator('.catalog-card', { hasText: 'delay_prediction' }).count()).toBe(1);
  });

  it('builds a point-in-time training set from the data scientist’s workspace', async () => {
    await page.keyboard.press('Control+2');
    await go('Training sets');
    await page.getByLabel('Entity table').selectOption('departure_labels');
    await page.getByLabel('Feature service').selectOption('delay_prediction');
    await page.getByLabel('Save as table').fill('my_training_set');
    await page.getByRole('button', { name: 'Build' }).click();
    const status = page.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toMatch(
      /^Built my_training_set: 2,000 rows with features of airport_daily_delays, airport_departures\. Snapshot [0-9a-f]{12}/,
    );
    await page.getByRole('grid', { name: 'Rows of my_training_set' }).waitFor();
    await screenshot(page, 'training-sets');
  });

  it('explores a table with charts and correlations', async () => {
    await go('Explore');
    await page.getByLabel('Table or feature view').selectOption('flights');
    await page.getByRole('table', { name: 'Correlations between numeric columns' }).waitFor();
    expect(await page.getByRole('img', { name: /^Histogram of / }).count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'explore');
  });

  it('shows quality check results and the lineage from files to training sets', async () => {
    await page.keyboard.press('Control+1');
    await go('Data quality');
    await page.getByText('4 checks, 0 failing').waitFor();
    await go('Lineage');
    const diagram = page.getByRole('figure', { name: /^Lineage: \d+ items, \d+ links$/ });
    await diagram.waitFor();
    await diagram.getByRole('button', { name: 'Training set my_training_set', exact: true }).waitFor();
    await diagram.getByRole('button', { name: 'Feature view airport_departures', exact: true }).waitFor();
    // route_distances was deleted by an Apply above: its node goes with it.
    expect(await diagram.getByRole('button', { name: 'Feature view route_distances', exact: true }).count()).toBe(0);
    await screenshot(page, 'lineage');
  });

  it('starts a new project’s definitions from its own tables, or asks to import data first', async () => {
    const cli = (...args: string[]) => {
      const result = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, TRIAD_HOME: home.path } });
      expect(result.status, String(result.stderr)).toBe(0);
    };
    const open = async (folder: string) => {
      await page.getByRole('button', { name: /Switch project/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Projects' });
      await dialog.getByLabel('Folder', { exact: true }).fill(folder);
      await dialog.getByRole('button', { name: 'Open project' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
    };
    const empty = join(projects.path, 'empty');
    const stations = join(projects.path, 'stations');
    cli('init', empty);
    cli('init', stations);
    const file = join(projects.path, 'stations.csv');
    writeFileSync(file, 'station_id,opened_at,capacity\n1,2024-01-01T00:00:00Z,10\n2,2024-02-01T00:00:00Z,12\n');
    cli('ingest', file, '--table', 'stations', '--project', stations);
    const editor = page.getByLabel('Feature definitions (YAML)');

    await open(empty);
    await go('Feature views');
    await expect.poll(() => editor.inputValue()).toMatch(/^# This project has no tables yet: import data first/);

    await open(stations);
    await go('Feature views');
    await expect.poll(() => editor.inputValue()).toContain('  - name: station\n    join_keys: [station_id]\n');
    expect(await editor.inputValue()).toContain('SELECT station_id, opened_at, capacity FROM stations');
    expect(await editor.inputValue()).not.toContain('flights');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Applied 2 changes:+ entity station+ feature view stations_features');
    await screenshot(page, 'feature-views-drafted');
  });
});
