import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningServer, screenshot, startServer, temporaryDir } from './harness.js';

let blocker: Server;
let server: RunningServer;
let browser: Browser;
let port: number;
const home = temporaryDir('home');

beforeAll(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  port = (blocker.address() as AddressInfo).port;
  server = await startServer(['--model-port', String(port)], { TRIAD_HOME: home.path });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  blocker?.close();
  home.remove();
});

describe('service health in the UI', () => {
  it('shows a service that cannot start failed with its reason, recovers on restart, and shows a lost backend', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
    await page.goto(server.url);
    const row = page.getByTestId('service-model-server');
    await expect.poll(() => row.getAttribute('data-state')).toBe('failed');
    expect(await row.textContent()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(await page.getByTestId('status-model-server').getAttribute('data-state')).toBe('failed');
    expect(await page.getByTestId('status-feature-store').getAttribute('data-state')).toBe('up');
    await screenshot(page, 'service-failed');

    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await page.getByRole('button', { name: 'Restart Model server' }).click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('up');
    expect(await row.textContent()).toContain(`http://127.0.0.1:${port} · onnxruntime`);
    expect(await page.getByTestId('status-model-server').getAttribute('title')).toContain(`http://127.0.0.1:${port}`);

    await server.stop();
    await page.getByText('Backend unreachable, retrying…').waitFor();
  });
});
