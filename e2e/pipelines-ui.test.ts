import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, screenshot, showPage, temporaryDir } from './harness.js';

const home = temporaryDir('home');
let app: AppInBrowser;
let page: Page;

beforeAll(async () => {
  app = await openAppInBrowser(home.path, { width: 1440, height: 1000 });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  home.remove();
});

const go = (label: string) => showPage(page, label);
const graph = () => page.getByRole('figure', { name: /^Pipeline graph/ });
const stepNode = (name: string) => graph().getByRole('button', { name: new RegExp(`^Step ${name}, `) });

describe('the Pipelines page', () => {
  it('draws the sample pipeline with the states of its first run', async () => {
    await page.getByRole('navigation', { name: 'Workspace pages' }).waitFor();
    await page.keyboard.press('Control+2');
    await go('Pipelines');
    await graph().waitFor();
    for (const step of ['rows', 'features', 'split', 'train', 'evaluate', 'register'])
      await expect.poll(() => stepNode(step).getAttribute('aria-label')).toMatch(/: succeeded$/);
    await screenshot(page, 'pipelines-sample');
  });

  it('marks a problem at its line as the YAML is edited, completes step kinds, and saves', async () => {
    const editor = page.getByRole('textbox', { name: 'Pipeline definition (YAML)' });
    const original = (await editor.textContent()) ?? '';
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\n  - name: extra\n    kind: tra');
    await page.keyboard.press('Control+Space');
    const completions = page.getByRole('listbox');
    await expect.poll(() => completions.textContent()).toContain('training_set');
    await screenshot(page, 'pipelines-completion');
    await page.keyboard.press('Escape');
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect.poll(() => problems.textContent(), { timeout: 10_000 }).toMatch(/line 4[0-9]/);
    // Back to the sample with fewer trees: a change the run will see.
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    const edited = await pipelineText();
    await page.keyboard.insertText(edited.replace('n_estimators: 100', 'n_estimators: 40'));
    await expect.poll(() => problems.count(), { timeout: 10_000 }).toBe(0);
    expect(original.length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('note').count()).toBe(0);
  });

  it('runs it with a parameter and colours each step as it goes: the unchanged ones cached, the changed ones run', async () => {
    await page.getByLabel('seed').fill('11');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const shownRun = page.getByLabel('Run shown');
    await expect.poll(() => shownRun.locator('option:checked').textContent(), { timeout: 10_000 }).toMatch(/manual$/);
    await expect
      .poll(() => stepNode('register').getAttribute('aria-label'), { timeout: 60_000 })
      .toMatch(/: succeeded$/);
    expect(await stepNode('rows').getAttribute('aria-label')).toMatch(/: cached$/);
    expect(await stepNode('train').getAttribute('aria-label')).toMatch(/: succeeded$/);
    await stepNode('train').click();
    const detail = page.getByRole('region', { name: 'Step train' });
    await expect
      .poll(() => detail.getByRole('list', { name: 'Job log' }).textContent(), { timeout: 10_000 })
      .toMatch(/\S/);
    expect(await detail.textContent()).toContain('Cache key');
    await screenshot(page, 'pipelines-run');
  });

  it('lists both runs on the Experiments page and compares them', async () => {
    await go('Experiments');
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runs.getByRole('row').count()).toBe(3);
    await page.getByLabel('Filter').fill('seed=11');
    await expect.poll(() => runs.getByRole('row').count()).toBe(2);
    await page.getByLabel('Filter').fill('');
    for (const box of await runs.getByRole('checkbox').all()) await box.check();
    const compare = page.getByRole('region', { name: 'Comparing 2 runs' });
    await compare.waitFor();
    const parameters = compare.getByRole('table', { name: 'Parameters side by side' });
    expect(await parameters.getByRole('row').nth(1).textContent()).toMatch(/^seeddiffers(11|7)(7|11)$/);
    await compare.getByRole('figure', { name: 'ROC curves' }).waitFor();
    await compare.getByRole('figure', { name: 'ROC AUC chart' }).waitFor();
    expect(await compare.getByRole('figure', { name: /^Confusion matrix of run / }).count()).toBe(2);
    await screenshot(page, 'experiments-compare');
    await compare.getByRole('figure', { name: 'ROC curves' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'experiments-curves');
  });

  it('creates a pipeline from the page and, once its file has a schedule and a trigger, shows when it runs next', async () => {
    await page.keyboard.press('Control+2');
    await go('Pipelines');
    await page.getByLabel('New pipeline').fill('nightly');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => page.getByRole('combobox', { name: /^Pipeline/ }).inputValue()).toBe('nightly.yaml');
    await page.getByRole('region', { name: 'Schedule and triggers' }).getByText('Runs only when started').waitFor();
    // Edited elsewhere (another window, an editor of the user's): the page follows the saved file.
    await invoke('pipelines.save', {
      file: 'nightly.yaml',
      create: false,
      text: [
        'name: nightly',
        'schedule: { cron: "0 6 * * *", timezone: Europe/Paris }',
        'triggers:',
        '  - table: departure_labels',
        'steps:',
        '  - name: recent',
        '    kind: sql',
        '    with: { sql: "SELECT * FROM departure_labels LIMIT 10", table: recent_labels }',
        '',
      ].join('\n'),
    });
    const schedule = page.getByRole('region', { name: 'Schedule and triggers' });
    await expect.poll(() => schedule.textContent(), { timeout: 15_000 }).toContain('0 6 * * * in Europe/Paris');
    expect(await schedule.textContent()).toMatch(/next \w{3} \d+ \w{3}, 06:00/);
    expect(await schedule.textContent()).toContain('new data in departure_labels');
    await schedule.scrollIntoViewIfNeeded();
    await screenshot(page, 'pipelines-schedule');
  });

  it('shows the pipeline and its last run on the ML engineer’s home, and re-runs it there', async () => {
    await page.keyboard.press('Control+3');
    const pipelines = page.getByRole('list', { name: 'Pipelines' });
    await expect.poll(() => pipelines.textContent()).toMatch(/flight_delays.*succeeded/);
    await pipelines
      .getByRole('listitem')
      .filter({ hasText: 'flight_delays' })
      .getByRole('button', { name: 'Re-run on fresh data' })
      .click();
    // Nothing changed since: a new run whose steps all reuse the last run's outputs.
    await expect
      .poll(async () => {
        const runs = await invoke<{ reason: string; state: string; steps: { state: string }[] }[]>(
          'pipelineRuns.list',
          { limit: 1 },
        );
        return runs[0]?.state === 'succeeded' ? runs[0].steps.map((step) => step.state) : [];
      })
      .toEqual(Array(6).fill('cached'));
    await screenshot(page, 'ml-engineer-home-pipelines');
  });
});

async function invoke<T>(method: string, input: unknown): Promise<T> {
  const reply = await fetch(`${app.server.url}/api/invoke/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return ((await reply.json()) as { result: T }).result;
}

/** The sample pipeline's text as saved in the project. */
async function pipelineText(): Promise<string> {
  return (await invoke<{ text: string }>('pipelines.get', { pipeline: 'flight_delays' })).text;
}
