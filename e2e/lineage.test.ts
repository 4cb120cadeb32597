import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, screenshot, temporaryDir } from './harness.js';

const VEGA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data');
const LONG_NAME = 'seattle_weather_daily_observations_from_the_boeing_field_kbf';
const home = temporaryDir('home');
let app: AppInBrowser;
let page: Page;

beforeAll(async () => {
  app = await openAppInBrowser(home.path, { width: 1440, height: 900 });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  home.remove();
});

const pages = () => page.getByRole('navigation', { name: 'Workspace pages' });
const go = (label: string) => pages().getByRole('button', { name: label, exact: true }).click();
const currentPage = () => pages().locator('[aria-current="page"]').textContent();
const currentRole = () => page.getByRole('tablist', { name: 'Role workspaces' }).getByRole('tab', { selected: true });
const diagram = () => page.getByRole('figure', { name: /^Lineage: \d+ items, \d+ links$/ });
const node = (name: string) => diagram().getByRole('button', { name, exact: true });

async function openLineage() {
  await page.keyboard.press('Control+1');
  await go('Lineage');
  await diagram().waitFor();
}

describe('the lineage page on the sample project', () => {
  it('lays every item out without overlap, with a legend of the kinds', async () => {
    await openLineage();
    await node('Training set training_delay_prediction').waitFor();
    expect(await page.getByRole('list', { name: 'Kinds of items' }).textContent()).toBe(
      'FileTableFeature viewFeature serviceTraining setModel version',
    );
    const boxes = await diagram()
      .locator('.react-flow__node')
      .evaluateAll((nodes) => nodes.map((element) => element.getBoundingClientRect().toJSON() as DOMRect));
    // Its files, tables, views, service and training sets, and what its pipeline made: two more
    // tables, a training set, the split's tables and the model.
    expect(boxes).toHaveLength(14);
    for (const [index, a] of boxes.entries())
      for (const b of boxes.slice(index + 1)) {
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        expect(apart, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(true);
      }
    await screenshot(page, 'lineage-sample');
  });

  it('keeps node text readable in a small window: the graph starts at its files, to be panned', async () => {
    const scale = () =>
      diagram()
        .locator('.react-flow__viewport')
        .evaluate((element) => new DOMMatrix(getComputedStyle(element).transform).a);
    const inFrame = async (name: string) => {
      const frame = await diagram().boundingBox();
      const box = await node(name).boundingBox();
      return Boolean(frame && box && box.x >= frame.x && box.x + box.width <= frame.x + frame.width);
    };
    await expect.poll(scale).toBeGreaterThanOrEqual(0.8);
    expect(await inFrame('Training set training_delay_prediction')).toBe(true);
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect.poll(() => inFrame('Training set training_delay_prediction')).toBe(false);
    expect(await scale()).toBeCloseTo(0.8, 5);
    expect(await inFrame('File airports.csv')).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => inFrame('Training set training_delay_prediction')).toBe(true);
  });

  it('opens a table on the Tables page when its node is clicked', async () => {
    await node('Table flights').click();
    await page.getByRole('heading', { level: 1, name: 'Tables' }).waitFor();
    expect(await currentPage()).toBe('Tables');
    expect(await currentRole().textContent()).toContain('Data engineer');
  });

  it('opens a feature service in the data scientist’s Training sets page, by keyboard', async () => {
    await openLineage();
    await node('Feature service delay_prediction').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Training sets' }).waitFor();
    expect(await currentRole().textContent()).toContain('Data scientist');
    expect(await currentPage()).toBe('Training sets');
  });

  it('shows a file’s path and imports beside the graph', async () => {
    await openLineage();
    await node('File airports.csv').click();
    const panel = page.getByRole('complementary', { name: 'Imports of airports.csv' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain(join('vega-datasets', 'data', 'airports.csv'));
    // The file's imports arrive after the panel opens.
    await expect.poll(() => panel.textContent()).toMatch(/airportssucceeded3,376 rows/);
    await panel.getByRole('button', { name: 'Close' }).click();
    expect(await panel.count()).toBe(0);
  });

  it('cuts a long table name with an ellipsis and keeps the full name in its tooltip', async () => {
    expect(LONG_NAME).toHaveLength(60);
    await go('Import data');
    await page.getByTestId('file-input').setInputFiles(join(VEGA, 'seattle-weather.csv'));
    await page.getByRole('region', { name: 'First rows of the file' }).waitFor();
    await page.getByLabel('Table name').fill(LONG_NAME);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').waitFor();
    await go('Lineage');
    const longNode = node(`Table ${LONG_NAME}`);
    await longNode.waitFor();
    const shown = (await longNode.locator('.lineage-node__label').textContent()) ?? '';
    expect(shown).toMatch(/^seattle_weather_daily.*…$/);
    expect(shown.length).toBeLessThan(LONG_NAME.length);
    expect((await longNode.getAttribute('title'))?.split('\n')[0]).toBe(LONG_NAME);
    const label = await longNode
      .locator('.lineage-node__label')
      .evaluate((element) => ({ shown: element.clientWidth, needed: element.scrollWidth }));
    expect(label.needed).toBeLessThanOrEqual(label.shown);
    await screenshot(page, 'lineage-long-name');
  });
});
