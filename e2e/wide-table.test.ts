import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningServer, runTriadOk, screenshot, startServer, temporaryDir } from './harness.js';

// 24 columns with long names: the widest public table at hand.
const WIDE_CSV = join(import.meta.dirname, '..', 'node_modules', 'vega-datasets', 'data', 'us-employment.csv');
const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
];

const home = temporaryDir('home');
const folder = temporaryDir('wide');
const project = join(folder.path, 'project');
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  runTriadOk(home.path, ['init', project, '--name', 'Wide tables']);
  runTriadOk(home.path, ['ingest', WIDE_CSV, '--table', 'us_employment', '--project', project]);
  server = await startServer(['--project', project, '--model-port', '0'], { TRIAD_HOME: home.path });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  home.remove();
  folder.remove();
});

async function openPage(viewport: { width: number; height: number }, role: string, pageLabel: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(server.url);
  await page.getByRole('tab', { name: role, exact: true }).click();
  await page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('button', { name: pageLabel }).click();
  return page;
}

/** How far the page, and the workspace's own scrolling area, reach beyond what the window shows. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const workspace = document.querySelector('main') as HTMLElement;
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      workspace: workspace.scrollWidth - workspace.clientWidth,
    };
  });
}

describe('a table with 24 columns', () => {
  for (const viewport of VIEWPORTS) {
    it(`fits the Explore page at ${viewport.width}×${viewport.height}`, async () => {
      const page = await openPage(viewport, 'Data scientist', 'Explore');
      const matrix = page.getByRole('table', { name: 'Correlations between numeric columns' });
      await matrix.waitFor();
      expect(await page.getByRole('region', { name: /^Statistics of / }).count()).toBe(24);
      expect(await overflow(page)).toEqual({ page: 0, workspace: 0 });

      // A long column name is cut, and says itself in full on hover.
      const longName = page
        .getByRole('region', { name: 'Statistics of professional_and_business_services' })
        .getByRole('heading');
      expect(await longName.getAttribute('title')).toBe('professional_and_business_services');
      const card = await page.getByRole('region', { name: 'Statistics of professional_and_business_services' });
      const [cardBox, nameBox] = [await card.boundingBox(), await longName.boundingBox()];
      expect(nameBox && cardBox && nameBox.x + nameBox.width <= cardBox.x + cardBox.width).toBe(true);

      // The matrix scrolls inside its own panel, its labels staying in view.
      const scroller = page.getByRole('region', { name: 'Correlation matrix, scrollable' });
      await scroller.scrollIntoViewIfNeeded();
      const scrolled = await scroller.evaluate((element) => {
        element.scrollLeft = element.scrollWidth;
        element.scrollTop = element.scrollHeight;
        return { wide: element.scrollWidth > element.clientWidth, left: element.scrollLeft };
      });
      expect(scrolled.wide).toBe(true);
      expect(scrolled.left).toBeGreaterThan(0);
      const lastCell = matrix.getByTitle('government × government: 1.000');
      await expect.poll(() => lastCell.isVisible()).toBe(true);
      const scrollerBox = await scroller.boundingBox();
      const lastBox = await lastCell.boundingBox();
      expect(lastBox && scrollerBox && lastBox.x + lastBox.width <= scrollerBox.x + scrollerBox.width + 1).toBe(true);
      const rowLabel = matrix.getByRole('rowheader', { name: 'government' });
      const columnLabel = matrix.getByRole('columnheader', { name: 'government' });
      const [rowLabelBox, columnLabelBox] = [await rowLabel.boundingBox(), await columnLabel.boundingBox()];
      expect(rowLabelBox && scrollerBox && Math.abs(rowLabelBox.x - scrollerBox.x)).toBeLessThan(4);
      expect(columnLabelBox && scrollerBox && Math.abs(columnLabelBox.y - scrollerBox.y)).toBeLessThan(4);
      await screenshot(page, `explore-wide-${viewport.width}`);
      await scroller.evaluate((element) => {
        element.scrollLeft = 0;
        element.scrollTop = 0;
      });
      await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
      await screenshot(page, `explore-wide-${viewport.width}-top`);
      await page.close();
    });

    it(`fits the Tables page at ${viewport.width}×${viewport.height}`, async () => {
      const page = await openPage(viewport, 'Data engineer', 'Tables');
      await page.getByRole('grid').getByRole('row').nth(1).waitFor();
      await page.getByRole('region', { name: 'Statistics of month' }).waitFor();
      expect(await overflow(page)).toEqual({ page: 0, workspace: 0 });
      await screenshot(page, `tables-wide-${viewport.width}`);
      await page.close();
    });
  }
});
