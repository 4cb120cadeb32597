import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, runTriadOk, screenshot, showPage, temporaryDir } from './harness.js';

const work = temporaryDir('bundles-ui');
const home = join(work.path, 'home');
const teammate = join(work.path, 'ana-project');
const bundle = join(work.path, 'flight_delays.triad');
const theirPipeline = join(teammate, 'pipelines', 'flight_delays.yaml');
const THEIR_PIPELINE = `name: flight_delays
description: Ana's own delays pipeline, which the import must leave alone
steps:
  - name: recent
    kind: sql
    with: { sql: "SELECT 1 AS one", table: recent_rows }
`;

let app: AppInBrowser;
let page: Page;

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  runTriadOk(home, ['init', teammate]);
  mkdirSync(join(teammate, 'pipelines'), { recursive: true });
  writeFileSync(theirPipeline, THEIR_PIPELINE);
  app = await openAppInBrowser(home, { width: 1440, height: 1000 });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
  work.remove();
});

const dialog = (name: string) => page.getByRole('dialog', { name });
const checkbox = (within: Locator, name: string | RegExp) => within.getByRole('checkbox', { name });

async function invoke<T>(method: string, input: unknown): Promise<T> {
  const reply = await fetch(`${app.server.url}/api/invoke/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return ((await reply.json()) as { result: T }).result;
}

describe('sharing a pipeline as a bundle and importing it elsewhere', () => {
  it('exports flight_delays with its models and data from the Share dialog, opened on the Pipelines page', async () => {
    await page.getByRole('navigation', { name: 'Workspace pages' }).waitFor();
    const shareButton = page.getByRole('banner').getByRole('button', { name: 'Share pipeline', exact: true });
    expect(await shareButton.getAttribute('title')).toContain('Ctrl+Shift+E');
    await page.keyboard.press('Control+Shift+E');
    await dialog('Share a pipeline').getByRole('table', { name: 'Bundle contents' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog('Share a pipeline').waitFor({ state: 'hidden' });

    await page.keyboard.press('Control+2');
    await showPage(page, 'Pipelines');
    await page.getByRole('button', { name: 'Share…' }).click();
    const share = dialog('Share a pipeline');
    await expect.poll(() => share.getByRole('combobox', { name: /^Pipeline/ }).inputValue()).toBe('flight_delays');
    const contents = share.getByRole('table', { name: 'Bundle contents' });
    await contents.waitFor();
    expect(await contents.textContent()).not.toContain('Models');
    await checkbox(share, 'Include model versions').check();
    await checkbox(share, 'Include data (tables and training sets as Parquet)').check();
    await expect.poll(() => contents.textContent(), { timeout: 20_000 }).toMatch(/Models.*Tables.*Training sets/);
    // No key yet: the dialog offers to make one, and then to sign with it.
    const sign = checkbox(share, /^Sign with my key/);
    expect(await sign.isDisabled()).toBe(true);
    await share.getByRole('button', { name: 'Create a key' }).click();
    await share.getByLabel('Your name, as teammates will see it').fill('Ana');
    await share.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => sign.isDisabled()).toBe(false);
    await sign.check();
    const destination = share.getByLabel('Save to');
    expect(await destination.inputValue()).toMatch(/flight_delays\.triad$/);
    await destination.fill('flight_delays.zip');
    await share.getByRole('button', { name: 'Export' }).click();
    await share.getByRole('alert').getByText('give a full path ending in .triad').waitFor();
    await destination.fill(bundle);
    await screenshot(page, 'bundle-share-dialog');

    await share.getByRole('button', { name: 'Export' }).click();
    const result = share.getByRole('region', { name: 'Export result' });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain(bundle);
    expect(await result.textContent()).toContain('Signed with your key');
    expect(await result.textContent()).toMatch(/[0-9a-f]{64}/);
    await screenshot(page, 'bundle-share-result');
    await share.getByRole('button', { name: 'Done' }).click();
    await share.waitFor({ state: 'hidden' });
  });

  it('opens a teammate’s project that has another flight_delays pipeline', async () => {
    await page.keyboard.press('Control+o');
    const projects = dialog('Projects');
    await projects.getByLabel('Folder', { exact: true }).fill(teammate);
    await projects.getByRole('button', { name: 'Open project' }).click();
    await expect.poll(() => page.getByTestId('project-name').textContent(), { timeout: 20_000 }).toBe('ana-project');
  });

  it('says why a damaged file cannot be imported', async () => {
    await page.keyboard.press('Control+3');
    await page.keyboard.press('Control+Shift+L');
    const importing = dialog('Import a bundle');
    const broken = join(work.path, 'broken.triad');
    writeFileSync(broken, 'not a zip archive');
    await importing.getByLabel('Bundle file (.triad)').setInputFiles(broken);
    await importing.getByRole('region', { name: 'Refused bundle' }).getByRole('alert').waitFor({ timeout: 20_000 });
    await screenshot(page, 'bundle-import-refused');
  });

  it('imports the bundle with its pipeline renamed, leaving the project’s own pipeline as it was', async () => {
    const importing = dialog('Import a bundle');
    await importing.getByLabel('Bundle file (.triad)').setInputFiles(bundle);
    const items = importing.getByRole('table', { name: 'What importing does' });
    await items.waitFor({ timeout: 30_000 });
    const pipelineRow = items.getByRole('row').filter({ hasText: /^pipeline/ });
    expect(await pipelineRow.textContent()).toContain('conflict');
    expect(await items.getByText('conflict', { exact: true }).count()).toBe(1);
    const importButton = importing.getByRole('button', { name: 'Import', exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await importing.getByText('Choose what to do with each conflict (1 conflict left).').waitFor();

    await pipelineRow.getByRole('radio', { name: 'Rename' }).check();
    const newName = pipelineRow.getByRole('textbox', { name: 'New name for pipeline flight_delays' });
    expect(await newName.inputValue()).toBe('flight_delays_2');
    await newName.fill('flight_delays_ana');
    expect(await importButton.isDisabled()).toBe(false);
    expect(await importing.getByTestId('signature-verdict').textContent()).toMatch(
      /^Valid signature by Ana \(key [0-9a-f]{16}\), not trusted by this project$/,
    );
    await screenshot(page, 'bundle-import-dialog');

    await importButton.click();
    const result = importing.getByRole('region', { name: 'Import result' });
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toContain('flight_delays_ana');
    expect(await result.textContent()).toMatch(/Model versions registered: flight_delays:\d/);
    await screenshot(page, 'bundle-import-result');

    await importing.getByRole('button', { name: 'Open flight_delays_ana on the Pipelines page' }).click();
    await expect
      .poll(() => page.getByRole('combobox', { name: /^Pipeline/ }).inputValue())
      .toBe('flight_delays_ana.yaml');
    expect(readFileSync(theirPipeline, 'utf8')).toBe(THEIR_PIPELINE);
    expect(readFileSync(join(teammate, 'pipelines', 'flight_delays_ana.yaml'), 'utf8')).toMatch(
      /^name: flight_delays_ana$/m,
    );
    const models = await invoke<{ name: string }[]>('models.list', {});
    expect(models.map((model) => model.name)).toContain('flight_delays');
  });
});
