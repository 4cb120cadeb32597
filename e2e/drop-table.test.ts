import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, runTriadOk, screenshot, temporaryDir } from './harness.js';

const VEGA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data');
const DEFINITIONS = `
entities: [{ name: condition, join_keys: [weather] }]
feature_views:
  - { name: daily_weather, entities: [condition], source: "SELECT weather, date, temp_max FROM weather", timestamp_field: date }
`;

const home = temporaryDir('home');
const folder = temporaryDir('drop');
const project = join(folder.path, 'project');
let app: AppInBrowser;
let page: Page;

const triad = (...args: string[]) => runTriadOk(home.path, [...args, '--project', project]);

async function tableNames(): Promise<string[]> {
  const response = await fetch(`${app.server.url}/api/invoke/tables.list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return (await response.json()).result.map((table: { name: string }) => table.name);
}

beforeAll(async () => {
  runTriadOk(home.path, ['init', project]);
  const scores = join(folder.path, 'scores.csv');
  writeFileSync(scores, 'player,score\nann,3\nbob,5\n');
  triad('ingest', scores, '--table', 'scores');
  triad('ingest', join(VEGA, 'seattle-weather.csv'), '--table', 'weather');
  writeFileSync(join(folder.path, 'features.yaml'), DEFINITIONS);
  triad('apply', join(folder.path, 'features.yaml'));
  app = await openAppInBrowser(home.path, undefined, ['--project', project]);
  page = app.page;
  await page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('button', { name: 'Tables' }).click();
});

afterAll(async () => {
  await app?.close();
  home.remove();
  folder.remove();
});

describe('dropping a table from the Tables page', () => {
  it('asks first, then drops a table nothing reads and shows the next one', async () => {
    await page.getByRole('grid', { name: 'Rows of scores' }).waitFor();
    await page.getByRole('button', { name: 'Drop table' }).click();
    const dialog = page.getByRole('dialog', { name: 'Drop table scores?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('scores and its 2 rows are deleted');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await tableNames()).toEqual(['scores', 'weather']);

    await page.getByRole('button', { name: 'Drop table' }).click();
    await dialog.getByRole('button', { name: 'Drop scores' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Dropped table scores.');
    expect(await tableNames()).toEqual(['weather']);
    await page.getByRole('grid', { name: 'Rows of weather' }).waitFor();
    expect(await page.getByLabel('Table or feature view').inputValue()).toBe('weather');
  });

  it('names the feature views that read a table, and drops it only on "Drop anyway"', async () => {
    await page.getByRole('button', { name: 'Drop table' }).click();
    const dialog = page.getByRole('dialog', { name: 'Drop table weather?' });
    await dialog.getByRole('button', { name: 'Drop weather' }).click();
    const anyway = dialog.getByRole('button', { name: 'Drop anyway' });
    await anyway.waitFor();
    expect(await dialog.textContent()).toContain(
      'weather is read by feature views daily_weather, so it was not dropped.',
    );
    await screenshot(page, 'drop-table-refused');
    expect(await tableNames()).toEqual(['weather']);

    await anyway.click();
    await page.getByRole('heading', { name: 'No tables yet' }).waitFor();
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Dropped table weather\. Still naming it \(kept\): .*daily_weather/,
    );
    expect(await tableNames()).toEqual([]);
    await screenshot(page, 'drop-table-empty');
  });
});
