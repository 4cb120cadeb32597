import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchChromium, type RunningServer, screenshot, startServer, temporaryDir } from './harness.js';

const ROLES = [
  { label: 'Data engineer', key: '1', heading: 'Data engineer home', shot: 'workspace-data-engineer' },
  { label: 'Data scientist', key: '2', heading: 'Data scientist home', shot: 'workspace-data-scientist' },
  { label: 'ML engineer', key: '3', heading: 'ML engineer home', shot: 'workspace-ml-engineer' },
];

let browser: Browser;
let server: RunningServer;
let page: Page;
const home = temporaryDir('home');
const projects = temporaryDir('projects');
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  server = await startServer(['--model-port', '0'], { TRIAD_HOME: home.path });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Refused calls answer with 4xx by design; the browser logs those, so they are not page errors.
  page.on('console', (message) => {
    const source = message.location().url;
    if (message.type() === 'error' && !source.includes('/api/invoke/')) pageErrors.push(`${message.text()} ${source}`);
  });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  home.remove();
  projects.remove();
});

const tab = (label: string) => page.getByRole('tab', { name: label, exact: true });

async function expectRole(label: string, heading: string) {
  await expect.poll(() => tab(label).getAttribute('aria-selected')).toBe('true');
  await page.getByRole('heading', { name: heading }).waitFor();
}

describe('the app in a browser (web mode)', () => {
  it('loads on the embedded default project in the data engineer workspace', async () => {
    await expectRole('Data engineer', 'Data engineer home');
    // The project's name arrives after the page has drawn.
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('Flights sample');
    await expect.poll(() => page.title()).toBe('Flights sample — Triad');
    expect(await page.getByRole('tab').allTextContents()).toHaveLength(3);
  });

  it('shows the three services up, in the status bar and on the home page', async () => {
    for (const id of ['feature-store', 'pipeline-runner', 'model-server']) {
      await expect.poll(() => page.getByTestId(`status-${id}`).getAttribute('data-state')).toBe('up');
    }
    expect(await page.getByTestId('service-feature-store').textContent()).toMatch(/SQLite 3\.\d+\.\d+, WAL journal/);
    expect(await page.getByTestId('service-model-server').textContent()).toContain('onnxruntime');
  });

  it('switches all three workspaces by click, each with its own navigation', async () => {
    for (const role of ROLES) {
      await tab(role.label).click();
      await expectRole(role.label, role.heading);
      await screenshot(page, role.shot);
    }
    const buttons = page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('button');
    expect(await buttons.allTextContents()).toEqual(['Home', 'Model registry', 'Deployments', 'Monitoring', 'Drift']);
  });

  it('switches workspaces with Ctrl+1/2/3', async () => {
    for (const role of [ROLES[1], ROLES[0], ROLES[2]]) {
      await page.keyboard.press(`Control+${role?.key}`);
      await expectRole(role?.label ?? '', role?.heading ?? '');
    }
  });

  it('restores the last role after a reload', async () => {
    await tab('Data scientist').click();
    await expectRole('Data scientist', 'Data scientist home');
    await expect
      .poll(
        async () =>
          (
            await (
              await fetch(`${server.url}/api/invoke/settings.get`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: '{}',
              })
            ).json()
          ).result.role,
      )
      .toBe('data-scientist');
    await page.reload();
    await expectRole('Data scientist', 'Data scientist home');
  });

  it('keeps each workspace on the page the user left it on', async () => {
    await page.getByRole('button', { name: 'Pipelines', exact: true }).click();
    await page.getByRole('heading', { name: 'Pipelines', level: 1 }).waitFor();
    await tab('Data engineer').click();
    await tab('Data scientist').click();
    await page.getByRole('heading', { name: 'Pipelines', level: 1 }).waitFor();
    await page
      .getByRole('navigation', { name: 'Workspace pages' })
      .getByRole('button', { name: 'Home', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Data scientist home' }).waitFor();
  });

  it('shows a clear error for a bad project path and keeps the current project', async () => {
    await page.keyboard.press('Control+o');
    const dialog = page.getByRole('dialog', { name: 'Projects' });
    await dialog.waitFor();
    await dialog.getByLabel('Folder', { exact: true }).fill('/no/such/folder');
    await dialog.getByRole('button', { name: 'Open project' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'There is no folder at /no/such/folder. Check the path, or create a new project there.',
    );
    await dialog.getByLabel('Folder', { exact: true }).fill(projects.path);
    await dialog.getByRole('button', { name: 'Open project' }).click();
    await expect.poll(() => alert.textContent()).toContain('is not a Triad project: it has no triad.sqlite');
    await screenshot(page, 'project-dialog-error');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByTestId('project-name').textContent()).toBe('Flights sample');
  });

  it('creates a new project, opens it, and lists it among recent projects', async () => {
    const path = join(projects.path, 'churn');
    await page.getByRole('button', { name: /Switch project/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Projects' });
    await dialog.getByLabel('New folder').fill(path);
    await dialog.getByLabel('Name (optional)').fill('Churn model');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('Churn model');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    for (const id of ['feature-store', 'pipeline-runner', 'model-server']) {
      await expect.poll(() => page.getByTestId(`status-${id}`).getAttribute('data-state')).toBe('up');
    }
    await page.keyboard.press('Control+o');
    await dialog.waitFor();
    const recent = await dialog.getByRole('list').first().textContent();
    expect(recent).toContain('Churn model');
    expect(recent).toContain('Flights sample');
    await dialog.getByRole('button', { name: /Flights sample/ }).click();
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('Flights sample');
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
