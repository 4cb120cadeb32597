import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sendRaw } from '../electron/backend/test-support/raw-http.js';
import { launchChromium, type RunningServer, startServer, temporaryDir } from './harness.js';

const home = temporaryDir('listeners');
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => home.remove());

function portOf(url: string | undefined): number {
  return Number(new URL(url ?? '').port);
}

function modelServerUrl(running: RunningServer): string {
  return running.summary.services.find((service) => service.id === 'model-server')?.url ?? '';
}

function rawRequest(port: number, head: string, headers: Record<string, string> = {}) {
  const lines = Object.entries({ Host: `127.0.0.1:${port}`, ...headers }).map(([name, value]) => `${name}: ${value}`);
  return sendRaw(port, `${head}\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
}

/** Holds the port for the test, unless another program already does: either way it is taken. */
async function occupy(port: number): Promise<Server | null> {
  const blocker = createServer();
  return new Promise((resolve, reject) => {
    blocker.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(null) : reject(error),
    );
    blocker.listen(port, '127.0.0.1', () => resolve(blocker));
  });
}

describe('triad serve listeners', () => {
  it('moves the model server off its default port when that is taken, and shows where it went', async () => {
    const blocker = await occupy(8618);
    try {
      server = await startServer([], { TRIAD_HOME: home.path });
      const modelServer = server.summary.services.find((service) => service.id === 'model-server');
      expect(modelServer).toMatchObject({ state: 'up', detail: expect.stringContaining('(port 8618 was in use)') });
      const modelPort = portOf(modelServer?.url);
      expect(modelPort).not.toBe(8618);
      expect((await rawRequest(modelPort, 'GET /v2/health/ready HTTP/1.1'))?.body).toBe('{"ready":true}');
    } finally {
      blocker?.close();
    }
  });

  it('answers malformed requests on both ports with a 400 and keeps running', async () => {
    server = await startServer(['--model-port', '0'], { TRIAD_HOME: home.path });
    const modelPort = portOf(modelServerUrl(server));
    const webPort = portOf(server.url);
    const answers = [
      await rawRequest(modelPort, 'GET /v2/models/%E0%A4%A HTTP/1.1'),
      await rawRequest(modelPort, 'GET http://[ HTTP/1.1'),
      await rawRequest(webPort, 'POST /api/invoke/%E0%A4%A HTTP/1.1', {
        'Content-Type': 'application/json',
        'Content-Length': '0',
      }),
      await rawRequest(webPort, 'GET http://[ HTTP/1.1'),
    ];
    expect(answers.map((answer) => answer?.status)).toEqual([400, 400, 400, 400]);
    expect(server.running()).toBe(true);
    expect(await (await fetch(`${modelServerUrl(server)}/v2/health/ready`)).json()).toEqual({ ready: true });
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });

  it('beyond loopback, warns where it is exposed and requires the token it prints on both ports, while the browser UI works', async () => {
    server = await startServer(['--host', '0.0.0.0', '--model-port', '0'], { TRIAD_HOME: home.path });
    const token = server.summary.token ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.stderr()).toMatch(
      /warning: --host 0\.0\.0\.0 makes web mode \(port \d+\) and the model server \(port \d+\) reachable from other machines at \S+/,
    );
    const web = `http://127.0.0.1:${portOf(server.url)}`;
    const model = `http://127.0.0.1:${portOf(modelServerUrl(server))}`;

    expect((await fetch(`${model}/v2/health/ready`)).status).toBe(401);
    expect((await fetch(`${web}/`)).status).toBe(401);
    const call = (headers: Record<string, string>) =>
      fetch(`${web}/api/invoke/project.current`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await call({})).status).toBe(401);
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(200);
    const ready = await fetch(`${model}/v2/health/ready`, { headers: { authorization: `Bearer ${token}` } });
    expect(await ready.json()).toEqual({ ready: true });

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${web}/?token=${token}`);
      expect(page.url()).toBe(`${web}/`);
      await expect.poll(() => page.getByTestId('status-feature-store').getAttribute('data-state')).toBe('up');
      await expect.poll(() => page.getByTestId('status-model-server').getAttribute('data-state')).toBe('up');
    } finally {
      await browser.close();
    }
  });
});
