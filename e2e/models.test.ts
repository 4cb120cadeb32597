import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breastCancerModel } from './breast-cancer.js';
import { type AppInBrowser, openAppInBrowser, runTriadOk, screenshot, showPage, temporaryDir } from './harness.js';

const home = temporaryDir('home');
let app: AppInBrowser;
let page: Page;

beforeAll(async () => {
  app = await openAppInBrowser(home.path, { width: 1440, height: 1100 });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  home.remove();
});

const go = (label: string) => showPage(page, label);

describe('training and registering models in the data scientist’s workspace', () => {
  it('shows the model the sample pipeline registered', async () => {
    await page.getByRole('navigation', { name: 'Workspace pages' }).waitFor();
    await page.keyboard.press('Control+2');
    await go('Models');
    const list = page.getByRole('region', { name: 'Registered models' });
    await expect.poll(() => list.textContent()).toContain('flight_delays');
    expect(await list.textContent()).toContain('@champion v1');
    await screenshot(page, 'models-sample');
  });

  it('trains on the sample training set from the Train page, with its metrics and curves, and registers it', async () => {
    await go('Train');
    await page.getByLabel('Table or training set').selectOption('training_delay_prediction');
    // The label is suggested by its name, and logistic regression for its classes.
    expect(await page.getByLabel('Label').inputValue()).toBe('delayed');
    expect(await page.getByLabel('Algorithm').inputValue()).toBe('logreg');
    await page.getByRole('checkbox', { name: 'event_timestamp' }).uncheck();
    await page.getByLabel('alpha').fill('0.001');
    await page
      .getByRole('region', { name: 'Train a model' })
      .getByRole('button', { name: 'Train', exact: true })
      .click();
    const result = page.getByRole('region', { name: /^Logistic regression \(classes\) on training_delay_prediction$/ });
    await result.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => result.getByRole('status').first().textContent())
      .toMatch(/^Converged after \d+ iterations; 1,600 training rows, measured on 400 held-out rows\.$/);
    expect(await result.getByRole('list', { name: 'Metrics' }).textContent()).toContain('ROC AUC');
    await result.getByRole('figure', { name: 'ROC curve' }).waitFor();
    await result.getByRole('figure', { name: 'Confusion matrix' }).waitFor();
    await screenshot(page, 'train-result');
    await result.getByLabel('Register as').fill('delays');
    await result.getByRole('button', { name: 'Register' }).click();
    await expect
      .poll(() => result.getByRole('status').last().textContent())
      .toContain('Registered as delays version 1.');
  });

  it('shows the model on the Models page, moves an alias to it, and compares two versions', async () => {
    const project = join(home.path, 'default-project');
    runTriadOk(home.path, [
      'train',
      '--project',
      project,
      '--table',
      'training_delay_prediction',
      '--label',
      'delayed',
      '--algo',
      'gbdt',
      '--param',
      'n_estimators=30',
      '--features',
      'avg_delay,distance',
      '--register',
      'delays',
    ]);
    await page.getByRole('button', { name: 'Open Models' }).click();
    await page.getByRole('heading', { level: 1, name: 'Models' }).waitFor();
    const list = page.getByRole('region', { name: 'Registered models' });
    await expect.poll(() => list.textContent()).toContain('v2 · 2 versions');
    const detail = page.getByRole('region', { name: 'delays version 2' });
    await detail.getByRole('table', { name: 'Signature' }).waitFor();
    expect(await detail.getByRole('table', { name: 'Signature' }).textContent()).toContain('avg_delayFP64[?, 1]');
    await detail.getByRole('button', { name: 'Point @champion at version 2' }).click();
    await expect.poll(() => list.textContent()).toContain('@champion v2');
    await detail.getByLabel('Description').fill('two features only');
    await detail.getByLabel('Tags', { exact: true }).fill('owner=ds, stage=trial');
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => runTriadOk(home.path, ['models', 'show', 'delays:2', '--project', project]))
      .toContain('tags        owner=ds, stage=trial');
    await page.getByRole('checkbox', { name: 'Compare version 1' }).check();
    await page.getByRole('checkbox', { name: 'Compare version 2' }).check();
    const compare = page.getByRole('region', { name: 'Version 1 and version 2' });
    await compare.getByRole('figure', { name: 'ROC curves' }).waitFor();
    expect(await compare.getByRole('table', { name: 'Metrics side by side' }).textContent()).toContain('ROC AUC');
    await screenshot(page, 'models');
    await detail.getByRole('button', { name: 'Delete version 2' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete version 2' }).click();
    await expect
      .poll(() => page.getByRole('dialog').getByRole('alert').textContent())
      .toContain('delays@champion points at');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('imports a scikit-learn model with the table it learnt from and the columns of its one input', async () => {
    const project = join(home.path, 'default-project');
    const { model, columns } = breastCancerModel(home.path, project, home.path);
    await go('Models');
    const panel = page.getByRole('region', { name: 'Import an ONNX model' });
    await panel.getByLabel('Model file').setInputFiles(model);
    await panel.getByLabel('Model name').fill('cancer');
    await panel.getByLabel('Trained on').selectOption('cancer');
    await panel.getByRole('button', { name: 'Import' }).click();
    await expect
      .poll(() => panel.getByRole('alert').textContent())
      .toContain('input "float_input" takes 30 values per row: name the columns of cancer it takes, in order');
    await panel.getByLabel('Input columns').fill(`"${columns[0]}`);
    await panel.getByRole('button', { name: 'Import' }).click();
    await expect
      .poll(() => panel.getByRole('alert').textContent())
      .toContain(`a quoted name is not closed in "${columns[0]}`);
    await screenshot(page, 'models-import-unreadable-columns');
    await panel.getByLabel('Input columns').fill(columns.join(', '));
    await panel.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('Registered as cancer version 1.');
    expect(runTriadOk(home.path, ['models', 'show', 'cancer', '--project', project])).toContain(
      `columns     float_input: ${columns.join(', ')}`,
    );
    await screenshot(page, 'models-import-with-training-table');
  });

  it('shows the same registry in the ML engineer’s workspace, and the models in the lineage', async () => {
    await page.keyboard.press('Control+3');
    await go('Model registry');
    await page
      .getByRole('region', { name: 'Registered models' })
      .getByRole('button', { name: /^delays v/ })
      .waitFor();
    await page.keyboard.press('Control+1');
    await go('Lineage');
    const model = page.getByRole('button', { name: 'Model version delays:1', exact: true });
    await model.waitFor();
    expect(await page.getByRole('list', { name: 'Kinds of items' }).textContent()).toContain('Model version');
    await screenshot(page, 'lineage-models');
    await model.click();
    await page.getByRole('heading', { level: 1, name: 'Models' }).waitFor();
  });

  it('trains boosted trees from the Train page, round by round, with their importances', async () => {
    await page.keyboard.press('Control+2');
    await go('Train');
    await page.getByLabel('Table or training set').selectOption('training_delay_prediction');
    await page.getByLabel('Algorithm').selectOption('gbdt');
    await page.getByLabel('n_estimators').fill('40');
    await page.getByLabel('max_depth').fill('4');
    await screenshot(page, 'train-gbdt-form');
    await page
      .getByRole('region', { name: 'Train a model' })
      .getByRole('button', { name: 'Train', exact: true })
      .click();
    const result = page.getByRole('region', {
      name: /^Gradient-boosted trees \(classes or a number\) on training_delay_prediction$/,
    });
    await result.waitFor({ timeout: 60_000 });
    await expect
      .poll(() => result.getByRole('status').first().textContent())
      .toBe('Trained 40 rounds; 1,600 training rows, measured on 400 held-out rows.');
    expect(await result.getByRole('list', { name: 'Metrics' }).textContent()).toContain('ROC AUC');
    await result.getByRole('figure', { name: 'Feature importances' }).waitFor();
    await screenshot(page, 'train-gbdt-result');
  });
});
