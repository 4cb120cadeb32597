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

async function tableRows(name: string): Promise<number> {
  const response = await fetch(`${server.url}/api/invoke/tables.list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return (await response.json()).result.find((entry: { name: string }) => entry.name === name).rows;
}

/** Types a path into the wizard's path field and asks for its preview. */
async function previewPath(path: string): Promise<void> {
  await page.getByLabel('Or a file path on this machine').fill(path);
  await page.getByRole('button', { name: 'Preview' }).click();
}

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
    await page.getByText('A new table seattle_weather will be created.').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const done = page.getByRole('status');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/^Created table seattle_weather with 1,461 rows in [\d.]+ s\.$/);
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
    await page.getByRole('img', { name: /^Rows per table for 9 tables$/ }).waitFor();
  });

  it('makes the user choose append or replace for an existing table, and confirm a replace', async () => {
    const file = join(files.path, 'scores.csv');
    writeFileSync(file, 'player,score\nann,3\nbob,5\n');
    await page
      .getByRole('navigation', { name: 'Workspace pages' })
      .getByRole('button', { name: 'Import data' })
      .click();
    await previewPath(file);
    const importButton = page.getByRole('button', { name: 'Import', exact: true });
    await page.getByText('A new table scores will be created.').waitFor();
    await importButton.click();
    const done = page.getByRole('status');
    await expect.poll(() => done.textContent()).toMatch(/^Created table scores with 2 rows in [\d.]+ s\.$/);

    // Importing again: the table exists now, and nothing is chosen for the user.
    const choice = page.getByRole('group', { name: /^scores already exists with 2 rows\./ });
    await choice.waitFor();
    expect(await choice.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await importButton.isDisabled()).toBe(true);
    await choice.getByRole('radio', { name: "Append the file's rows to it" }).check();
    await importButton.click();
    await expect.poll(() => done.textContent()).toMatch(/^Appended 2 rows to scores in [\d.]+ s\.$/);

    // The table has changed: the choice is asked again, with its new size.
    const bigger = page.getByRole('group', { name: /^scores already exists with 4 rows\./ });
    await bigger.waitFor();
    expect(await bigger.getByRole('radio', { checked: true }).count()).toBe(0);
    await bigger.getByRole('radio', { name: 'Replace it: its 4 rows are deleted' }).check();
    await importButton.click();
    const confirm = page.getByRole('dialog', { name: 'Replace scores?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(
      '4 rows of scores will be deleted and replaced by the rows of this file.',
    );
    await screenshot(page, 'import-wizard-replace');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => confirm.isVisible()).toBe(false);
    expect(await tableRows('scores')).toBe(4);

    await importButton.click();
    await confirm.getByRole('button', { name: 'Replace scores' }).click();
    await expect.poll(() => done.textContent()).toMatch(/^Replaced scores with 2 rows in [\d.]+ s\.$/);
    expect(await tableRows('scores')).toBe(2);
  });

  it('shows quarantined rows with their reasons', async () => {
    const file = join(files.path, 'readings.csv');
    writeFileSync(file, 'sensor,reading\na,1.5\nb,oops\nc,2.5\nd\n');
    await page
      .getByRole('navigation', { name: 'Workspace pages' })
      .getByRole('button', { name: 'Import data' })
      .click();
    await previewPath(file);
    await page.getByLabel('Type of reading').waitFor();
    await page.getByLabel('Type of reading').selectOption('real');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const done = page.getByRole('status');
    await done.waitFor();
    const text = await done.textContent();
    expect(text).toContain('Created table readings with 2 rows');
    expect(text).toContain('2 rows quarantined');
    expect(text).toContain('column reading: expected a number, found "oops"');
    expect(text).toContain('expected 2 fields, found 1');
  });

  it('says why a file cannot be read', async () => {
    await previewPath(join(files.path, 'missing.csv'));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`there is no file at ${join(files.path, 'missing.csv')}`);

    await previewPath(files.path);
    await expect.poll(() => alert.textContent()).toBe(`${files.path} is a folder: choose a file inside it`);

    const unnamed = join(files.path, 'readings.dat');
    writeFileSync(unnamed, 'a,b\n1,2\n');
    await previewPath(unnamed);
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^cannot tell the format of .* from its extension: CSV files end in/);
    expect(await alert.textContent()).not.toContain('--');
  });
});
