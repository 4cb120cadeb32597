import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from '../backend.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startWebServer, type WebServer } from './http-transport.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
let backend: Backend;
let web: WebServer;

beforeEach(async () => {
  const staticDir = temporaryFolder('static');
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Triad</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  backend = await startBackend({
    appDataDir: temporaryFolder('appdata'),
    runtime: 'node',
    modelServer: { host: '127.0.0.1', port: 0 },
    pipelineWorkers: 1,
  });
  web = await startWebServer({
    backend,
    staticDir,
    uploadsDir: temporaryFolder('uploads'),
    host: '127.0.0.1',
    port: 0,
  });
});

afterEach(async () => {
  await web.close();
  await backend.close();
});

function call(method: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${web.url}/api/invoke/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

/** fetch() will not send a forged Host header, so this goes through node:http. */
function rawGet(path: string, host: string): Promise<number> {
  const { port } = new URL(web.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

describe('web transport', () => {
  it('answers a call with the result envelope', async () => {
    const response = await call('settings.get', '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      result: { role: 'data-engineer', lastProjectPath: expect.any(String) },
    });
  });

  it('says precisely what is wrong with a malformed body, a bad input and an unknown method', async () => {
    const malformed = await call('project.open', '{"path": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/^project\.open: the request body is not valid JSON/);

    const wrongType = await call('project.open', '{"path": ["a"]}');
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error).toEqual({
      code: 'invalid_input',
      message: 'project.open: invalid input: path: a project path must be a string',
    });

    const unknown = await call('tables.drop', '{}');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('unknown_method');
  });

  it('maps refusals to HTTP status codes', async () => {
    const response = await call('project.open', JSON.stringify({ path: '/no/such/folder' }));
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toContain('There is no folder at /no/such/folder');
  });

  it('refuses a body over the size limit', async () => {
    const response = await call('project.open', JSON.stringify({ path: 'x'.repeat(1_100_000) }));
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toBe('project.open: the request body is larger than the 1 MB limit');
  });

  it('refuses calls from another origin, without JSON, or addressed to another host name', async () => {
    expect((await call('settings.get', '{}', { origin: 'http://evil.example' })).status).toBe(403);
    const form = await fetch(`${web.url}/api/invoke/settings.get`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect((await form.json()).error.message).toBe('this request must send content-type: application/json');
    expect(await rawGet('/', `rebound.example:${new URL(web.url).port}`)).toBe(403);
    expect(await rawGet('/', `localhost:${new URL(web.url).port}`)).toBe(200);
  });

  it('pushes backend events over Server-Sent Events', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${web.url}/api/events`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await call('settings.setRole', JSON.stringify({ role: 'ml-engineer' }));
    let text = '';
    while (!text.includes('settings.changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const line = text.split('\n').find((candidate) => candidate.includes('settings.changed')) ?? '';
    expect(JSON.parse(line.replace(/^data: /, ''))).toEqual({
      name: 'settings.changed',
      payload: { role: 'ml-engineer', lastProjectPath: expect.any(String) },
    });
  });

  it('stores an uploaded file for import under a safe name, and refuses an upload sent as a form', async () => {
    const response = await fetch(`${web.url}/api/uploads?name=${encodeURIComponent('../../evil/data.csv')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'a,b\n1,2\n',
    });
    const { result } = (await response.json()) as { result: { path: string } };
    expect(result.path).toMatch(/[/\\]data\.csv$/);
    expect(result.path).not.toContain('evil');
    expect(readFileSync(result.path, 'utf8')).toBe('a,b\n1,2\n');
    const form = await fetch(`${web.url}/api/uploads?name=x.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(form.status).toBe(403);
  });

  it('serves the renderer with its security headers, falls back to index.html, and stays inside its folder', async () => {
    const page = await fetch(`${web.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await (await fetch(`${web.url}/assets/app.js`)).text()).toBe('console.log(1)');
    expect(await (await fetch(`${web.url}/some/app/route`)).text()).toContain('<title>Triad</title>');
    const traversal = await fetch(`${web.url}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
  });
});
