import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, type RunningServer, screenshot, temporaryDir } from './harness.js';

const VEGA = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data');
const home = temporaryDir('home');
const files = temporaryDir('files');
let app: AppInBrowser;
let server: RunningServer;
let page: Page;

beforeAll(async () => {
  app = await openAppInBrowser(home.path);
  ({ server, page } = app);
  await page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('button', { name: 'Import data' }).click();
});

afterAll(async () => {
  await app?.close();
  home.remove();
  files.remove();
});

describe('the import wizard', () => {
  it('imports a real CSV chosen in the browser, with an edited schema', async () => {
    await page.getByTestId('file-input').setInputFiles(join(VEGA, 'seattle-weather.csv'));
    await page.getByRole('region', { name: 'First rows of the file' }).waitFor();
    expect(
      await page.getByRole('region', { name: 'First rows of the file' }).getByRole('row').nth(1).textContent(),
    ).toBe('12012-01-010.012.85.04.7drizzle');
    expect(await page.getByLabel('Type of date').inputValue()).toBe('date');
    await page.getByLabel('Name for weather').fill('conditions');
    await page.getByLabel('Import wind').uncheck();
    expect(await page.getByLabel('Table name').inputValue()).toBe('seattle_weather');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const done = page.getByRole('status');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/^Imported 1,461 rows into seattle_weather in [\d.]+ s\.$/);
    await screenshot(page, 'import-wizard');

    const response = await fetch(`${server.url}/api/invoke/tables.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const table = (await response.json()).result.find((entry: { name: string }) => entry.name === 'seattle_weather');
    expect(table.columns.map((column: { name: string }) => column.name)).toEqual([
      'date',
      'precipitation',
      'temp_max',
      'temp_min',
      'conditions',
    ]);
    const history = await fetch(`${server.url}/api/invoke/imports.history`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect((await history.json()).result[0]).toMatchObject({
      table: 'seattle_weather',
      file: 'seattle-weather.csv (uploaded)',
    });

    await page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('button', { name: 'Home' }).click();
    await page.getByRole('img', { name: /^Rows per table for 5 tables$/ }).waitFor();
  });

  it('shows quarantined rows with their reasons', async () => {
    const file = join(files.path, 'readings.csv');
    writeFileSync(file, 'sensor,reading\na,1.5\nb,oops\nc,2.5\nd\n');
    await page
      .getByRole('navigation', { name: 'Workspace pages' })
      .getByRole('button', { name: 'Import data' })
      .click();
    await page.getByLabel('Or a file path on this machine').fill(file);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByLabel('Type of reading').waitFor();
    await page.getByLabel('Type of reading').selectOption('real');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const done = page.getByRole('status');
    await done.waitFor();
    const text = await done.textContent();
    expect(text).toContain('Imported 2 rows into readings');
    expect(text).toContain('2 rows quarantined');
    expect(text).toContain('column reading: expected a number, found "oops"');
    expect(text).toContain('expected 2 fields, found 1');
  });

  it('says why a file cannot be read', async () => {
    await page.getByLabel('Or a file path on this machine').fill(join(files.path, 'missing.csv'));
    await page.getByRole('button', { name: 'Preview' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`there is no file at ${join(files.path, 'missing.csv')}`);
  });
});
