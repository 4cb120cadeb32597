import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppInBrowser, openAppInBrowser, showPage, temporaryDir } from './harness.js';

const home = temporaryDir('home');
let app: AppInBrowser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await openAppInBrowser(home.path);
  page = app.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await app?.close();
  home.remove();
});

const go = showPage;
const hashOf = (on: Page) => new URL(on.url()).hash;
const sourcePicker = (on: Page) => on.getByLabel('Table or feature view');

/** The same app at another address, as a link pasted into the address bar would open it. */
function addressed(hash: string): string {
  const url = new URL(page.url());
  url.hash = hash;
  return url.href;
}

async function expectPlace(on: Page, heading: string, hash: string) {
  await on.getByRole('heading', { name: heading, exact: true, level: 1 }).waitFor();
  await expect.poll(() => hashOf(on)).toBe(hash);
}

async function expectTablesOn(on: Page, table: string) {
  await expectPlace(on, 'Tables', `#/data-engineer/tables/${table}`);
  await on.getByRole('grid', { name: `Rows of ${table}` }).waitFor();
  await expect.poll(() => sourcePicker(on).inputValue()).toBe(table);
}

describe('addresses of places in the app (web mode)', () => {
  it('starts at the saved workspace home and writes its address', async () => {
    await expectPlace(page, 'Data engineer home', '#/data-engineer');
  });

  it('shows the chosen table again after a reload', async () => {
    await go(page, 'Tables');
    await expectPlace(page, 'Tables', '#/data-engineer/tables');
    const first = await sourcePicker(page).inputValue();
    expect(first).not.toBe('flights');
    await sourcePicker(page).selectOption('flights');
    await expectTablesOn(page, 'flights');
    await page.reload();
    await expectTablesOn(page, 'flights');
  });

  it('goes Back to the table from another workspace’s page, and Forward again', async () => {
    await page.getByRole('tab', { name: 'Data scientist', exact: true }).click();
    await expectPlace(page, 'Data scientist home', '#/data-scientist');
    await go(page, 'Explore');
    await expectPlace(page, 'Explore', '#/data-scientist/explore');
    await page.goBack();
    await expectPlace(page, 'Data scientist home', '#/data-scientist');
    await page.goBack();
    await expectTablesOn(page, 'flights');
    await page.goForward();
    await expectPlace(page, 'Data scientist home', '#/data-scientist');
    await page.goForward();
    await expectPlace(page, 'Explore', '#/data-scientist/explore');
  });

  it('opens a copied address of a page and its item at the same place in a new tab', async () => {
    await sourcePicker(page).selectOption('flights');
    await expect.poll(() => hashOf(page)).toBe('#/data-scientist/explore/flights');
    const copied = page.url();
    const tab = await app.browser.newPage();
    try {
      await tab.goto(copied);
      await expectPlace(tab, 'Explore', '#/data-scientist/explore/flights');
      await expect.poll(() => sourcePicker(tab).inputValue()).toBe('flights');
      await tab.getByRole('table', { name: 'Correlations between numeric columns' }).waitFor();
    } finally {
      await tab.close();
    }
  });

  it('corrects an address that names no place to a home, while running and when opened', async () => {
    await page.goto(addressed('#/data-engineer/nowhere/airports'));
    await expectPlace(page, 'Data engineer home', '#/data-engineer');
    const tab = await app.browser.newPage();
    try {
      await tab.goto(addressed('#/nobody/tables/%E0%A4%A'));
      // The workspace the user last switched to, as without an address.
      await expectPlace(tab, 'Data scientist home', '#/data-scientist');
      await tab.goto(addressed('#/data-engineer/tables/%E0%A4%A'));
      await expectPlace(tab, 'Tables', '#/data-engineer/tables');
    } finally {
      await tab.close();
    }
  });

  it('goes Back to the previous workspace after switching with the keyboard', async () => {
    await page.goto(addressed('#/data-engineer/tables/airports'));
    await expectTablesOn(page, 'airports');
    await page.keyboard.press('Control+3');
    await expectPlace(page, 'ML engineer home', '#/ml-engineer');
    await page.goBack();
    await expectTablesOn(page, 'airports');
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
