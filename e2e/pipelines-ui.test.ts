import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, screenshot, temporaryDir } from './harness.js';

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

const go = (label: string) =>
  page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('button', { name: label, exact: true }).click();
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
});
