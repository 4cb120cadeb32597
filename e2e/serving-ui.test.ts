import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, screenshot, showPage, temporaryDir } from './harness.js';

const home = temporaryDir('home');
let app: AppInBrowser;
let page: Page;

beforeAll(async () => {
  app = await openAppInBrowser(home.path, { width: 1440, height: 1000 });
  page = app.page;
  await page.getByRole('navigation', { name: 'Workspace pages' }).waitFor();
  await page.keyboard.press('Control+3');
});

afterAll(async () => {
  await app?.close();
  home.remove();
});

const go = (label: string) => showPage(page, label);
const region = (name: string | RegExp) => page.getByRole('region', { name });

describe('serving a model from the ML engineer’s workspace', () => {
  it('deploys the sample’s champion from the Deployments page', async () => {
    await go('Deployments');
    await region('Deployments (0)').getByText('Nothing deployed yet').waitFor();
    const deploy = region('Deploy a model');
    await deploy.getByLabel('Model').selectOption('flight_delays');
    await deploy.getByLabel('Serve').selectOption('@champion');
    await deploy.getByRole('button', { name: 'Deploy flight_delays@champion' }).click();
    const table = page.getByRole('table', { name: 'Deployments' });
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toMatch(/flight_delays@championv1\s*ready/);
    await screenshot(page, 'serving-deployments');
  });

  it('answers the Try it form with the class and its probabilities, and the curl command shown', async () => {
    const form = page.getByRole('form', { name: 'Try it' });
    // The form starts from a row the model was trained on; the user edits a field.
    await expect.poll(() => form.getByLabel(/^origin /).inputValue()).toMatch(/^[A-Z]{3}$/);
    expect(await form.textContent()).toMatch(/Filled with row [\d,]+ of flight_delays_split_train/);
    // An emptied number field says so under itself, and stays level with the fields beside it.
    await form.getByLabel(/^avg_delay /).fill('');
    await form.getByRole('button', { name: 'Predict' }).click();
    await form.getByText('enter a number').waitFor();
    const top = async (label: RegExp) => (await form.getByLabel(label).boundingBox())?.y;
    expect(await top(/^avg_delay /)).toBe(await top(/^origin /));
    await screenshot(page, 'serving-try-it-error');
    await form.getByLabel(/^avg_delay /).fill('12.5');
    await form.getByRole('button', { name: 'Predict' }).click();
    const answer = form.getByRole('status');
    await answer.waitFor({ timeout: 10_000 });
    await expect.poll(() => answer.textContent()).toMatch(/^HTTP 200 in .* ms · flight_delays version 1/);
    expect(await answer.textContent()).toMatch(/Predicted (true|false|0|1)/);
    expect(await form.getByRole('list', { name: 'Class probabilities' }).getByRole('listitem').count()).toBe(2);
    await answer.scrollIntoViewIfNeeded();
    await screenshot(page, 'serving-try-it');

    const command = await page.locator('.curl-snippet pre').textContent();
    const curl = spawnSync('sh', ['-c', `${command} --silent --show-error --max-time 10`], { encoding: 'utf8' });
    expect(curl.stderr).toBe('');
    const body = JSON.parse(curl.stdout) as { model_name: string; outputs: { name: string }[] };
    expect(body.model_name).toBe('flight_delays');
    expect(body.outputs.length).toBeGreaterThan(0);
  });

  it('shows the requests on the Monitoring page: the log at once, the totals once the rollup lands', async () => {
    await go('Monitoring');
    const predictions = page.getByRole('table', { name: 'Recent predictions' });
    await expect.poll(() => predictions.getByRole('row').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(await predictions.textContent()).toContain('flight_delays:1');
    expect(await predictions.textContent()).toMatch(/label=[01]/);
    await expect
      .poll(() => region('Requests').textContent(), { timeout: 20_000, interval: 500 })
      .toMatch(/^Requests[1-9]/);
    await screenshot(page, 'serving-monitoring');

    // The prediction log's settings, at the foot of the page.
    const logSettings = page.getByRole('form', { name: 'Prediction log settings' });
    await logSettings.getByLabel('Keep for (days)').fill('7');
    await logSettings.getByRole('button', { name: 'Save' }).click();
    await logSettings.getByRole('button', { name: 'Saved' }).waitFor();
    await screenshot(page, 'serving-prediction-log');
  });

  it('checks drift on the Drift page and shows a report or says why it cannot', async () => {
    await go('Drift');
    await page.getByRole('button', { name: 'Check drift now' }).click();
    const report = page.getByRole('table', { name: 'Drift per feature' });
    const problem = page.getByRole('alert');
    await expect
      .poll(async () => (await report.isVisible()) || (await problem.isVisible()), { timeout: 20_000 })
      .toBe(true);
    if (await report.isVisible()) {
      expect(await region('Drift report').getByRole('status').first().textContent()).toMatch(
        /^(Dataset drift detected in|No dataset drift:)/,
      );
      expect(await report.textContent()).toContain('avg_delay');
    } else {
      expect(await problem.textContent()).toMatch(/\w{3,}/);
    }
    await screenshot(page, 'serving-drift');

    // The scheduled checks: a new schedule is kept in the project.
    const schedule = page.getByRole('form', { name: 'Scheduled drift checks' });
    await schedule.getByLabel('Check every', { exact: true }).selectOption('15');
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByRole('button', { name: 'Saved' }).waitFor();
    await screenshot(page, 'serving-drift-schedule');

    // The check ran as a job: the Jobs list shows it, with a way back to the Drift page.
    await page.getByRole('button', { name: /^Jobs/ }).click();
    const jobs = page.getByRole('complementary', { name: 'Jobs' });
    const check = jobs.getByRole('listitem').filter({ hasText: 'Check the drift of flight_delays' }).first();
    await check.getByRole('button', { name: 'Open drift' }).waitFor();
    await screenshot(page, 'jobs-drift-check');
    await check.getByRole('button', { name: 'Open drift' }).click();
    await page.getByRole('button', { name: 'Check drift now' }).waitFor();
  });

  it('undeploys after asking', async () => {
    await go('Deployments');
    await page.getByRole('table', { name: 'Deployments' }).getByRole('button', { name: 'Undeploy' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Undeploy flight_delays@champion' }).click();
    await region('Deployments (0)').getByText('Nothing deployed yet').waitFor();
  });
});
