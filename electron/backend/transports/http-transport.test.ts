import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFinalJobState, type JobState } from '../../../shared/contract/jobs.js';
import { type Backend, startBackend } from '../backend.js';
import { sendRaw } from '../test-support/raw-http.js';
import { fuzzListener, unexpectedAnswers } from '../test-support/request-fuzz.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startWebServer, type WebServer } from './http-transport.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
let backend: Backend;
let web: WebServer;
let staticDir: string;
let uploadsDir: string;

beforeEach(async () => {
  staticDir = temporaryFolder('static');
  uploadsDir = temporaryFolder('uploads');
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Triad</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  backend = await startBackend({
    appDataDir: temporaryFolder('appdata'),
    runtime: 'node',
    modelServer: { host: '127.0.0.1', port: 0 },
    poolThreads: 1,
  });
  web = await startWebServer({
    backend,
    staticDir,
    uploadsDir,
    uploadLimits: { maxBytes: 64 * 1024 },
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

function port(): number {
  return Number(new URL(web.url).port);
}

/** A request exactly as written, on a raw socket: Node's client will not send some malformed ones. */
function raw(head: string, body = '') {
  return sendRaw(port(), `${head}\r\nHost: 127.0.0.1:${port()}\r\nConnection: close\r\n\r\n${body}`);
}

async function upload(name: string, body: string) {
  const response = await fetch(`${web.url}/api/uploads?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
  return { status: response.status, reply: await response.json() };
}

/** The final state of a job, once it has one. */
async function jobEnd(jobId: string): Promise<JobState> {
  for (;;) {
    const job = await backend.client.invoke('jobs.get', { id: jobId });
    if (isFinalJobState(job.state)) return job.state;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('web transport', () => {
  it('answers a malformed percent-escape or request target with a 400, and keeps serving', async () => {
    const badEscape = await raw(
      'POST /api/invoke/%E0%A4%A HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2',
      '{}',
    );
    expect(badEscape?.status).toBe(400);
    expect(JSON.parse(badEscape?.body ?? '')).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'the path "/api/invoke/%E0%A4%A" has a malformed percent-escape' },
    });
    const target = await raw('GET http://[ HTTP/1.1');
    expect(target?.status).toBe(400);
    expect(JSON.parse(target?.body ?? '').error.message).toBe('the request target "http://[" names a malformed host');
    const huge = await raw(`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}`);
    expect(huge?.status).toBe(431);
    expect(JSON.parse(huge?.body ?? '').error.message).toBe('the request headers are too large');
    expect((await call('settings.get', '{}')).status).toBe(200);
  });

  it('answers a wrong method with a 405 JSON error naming the allowed ones', async () => {
    const get = await fetch(`${web.url}/api/invoke/settings.get`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await get.json()).error.message).toBe('/api/invoke/settings.get takes POST');
    const put = await fetch(`${web.url}/index.html`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect((await put.json()).error.message).toBe('/index.html takes GET or HEAD');
  });

  it('answers every fuzzed request with a success or a 4xx JSON error, and still answers afterwards', async () => {
    const results = await fuzzListener(
      {
        port: port(),
        paths: [
          '/',
          '/assets/app.js',
          '/api/invoke/settings.get',
          '/api/invoke/project.open',
          '/api/invoke/imports.preview',
          '/api/invoke/pipelines.save',
          '/api/invoke/pipelines.check',
          '/api/invoke/bundles.inspect',
          '/api/invoke/bundles.export',
          '/api/invoke/bundles.import',
          '/api/invoke/keys.trust',
          '/api/invoke/serving.status',
          '/api/invoke/serving.deploy',
          '/api/invoke/serving.undeploy',
          '/api/invoke/serving.tryInfer',
          '/api/invoke/serving.setLogging',
          '/api/invoke/serving.setDriftWatch',
          '/api/invoke/serving.metrics',
          '/api/invoke/serving.predictions',
          '/api/invoke/serving.checkDrift',
          '/api/invoke/serving.driftReports',
          '/api/invoke/serving.retrain',
          '/api/events',
          '/api/uploads?name=x.csv',
        ],
        headers: { Host: `127.0.0.1:${port()}` },
      },
      20_240_602,
      500,
    );
    expect(unexpectedAnswers(results)).toEqual([]);
    expect(results.filter(({ answer }) => answer?.status === 400).length).toBeGreaterThan(30);
    expect((await call('settings.get', '{}')).status).toBe(200);
  });

  it('refuses an upload over the size limit with a 413, by its announced length or as it arrives, keeping nothing', async () => {
    const announced = await raw(
      'POST /api/uploads?name=big.csv HTTP/1.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 300000000',
    );
    expect(announced?.status).toBe(413);
    expect(JSON.parse(announced?.body ?? '')).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'big.csv is larger than the 64.0 KB upload limit (triad serve --max-upload-mb raises it)',
      },
    });
    const chunk = 'x'.repeat(16 * 1024);
    const streamed = await raw(
      'POST /api/uploads?name=big.csv HTTP/1.1\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked',
      `${`4000\r\n${chunk}\r\n`.repeat(5)}0\r\n\r\n`,
    );
    expect(streamed?.status).toBe(413);
    expect(readdirSync(uploadsDir)).toEqual([]);
    expect((await upload('small.csv', 'a\n1\n')).status).toBe(200);
  });

  it('deletes an upload once its import has consumed it, or failed', async () => {
    const { reply: good } = await upload('good.csv', 'a,b\n1,2\n');
    const started = await call(
      'imports.start',
      JSON.stringify({ path: good.result.path, table: 'good', mode: 'replace' }),
    );
    expect(started.status).toBe(200);
    expect(await jobEnd((await started.json()).result.jobId)).toBe('succeeded');
    expect(existsSync(good.result.path)).toBe(false);

    const { reply: bad } = await upload('bad.parquet', 'not parquet at all');
    const badStart = await call(
      'imports.start',
      JSON.stringify({ path: bad.result.path, table: 'bad', mode: 'replace' }),
    );
    expect(await jobEnd((await badStart.json()).result.jobId)).toBe('failed');
    expect(existsSync(bad.result.path)).toBe(false);
    expect(readdirSync(uploadsDir)).toEqual([]);
  });

  it("records an uploaded import under the user's file name in the history and the lineage graph", async () => {
    const { reply: uploaded } = await upload('C:\\Users\\ana\\seattle weather?.csv', 'date,temp\n2024-01-01,7\n');
    const weather = await call(
      'imports.start',
      JSON.stringify({ path: uploaded.result.path, table: 'weather', mode: 'replace', sourceName: 'forged.csv' }),
    );
    expect(await jobEnd((await weather.json()).result.jobId)).toBe('succeeded');

    const history = await (await call('imports.history', '{}')).json();
    expect(history.result[0]).toMatchObject({ table: 'weather', file: 'seattle weather?.csv (uploaded)' });
    const graph = await (await call('lineage.graph', '{}')).json();
    const file = { id: 'file:seattle weather?.csv (uploaded)', kind: 'file', label: 'seattle weather?.csv (uploaded)' };
    expect(graph.result.nodes).toContainEqual(expect.objectContaining(file));
    expect(graph.result.edges).toContainEqual({ from: file.id, to: 'table:weather' });
    expect(JSON.stringify([history, graph])).not.toContain(uploadsDir);

    const { reply: mismatched } = await upload('other.csv', 'x\n1\n');
    const appended = await call(
      'imports.start',
      JSON.stringify({ path: mismatched.result.path, table: 'weather', mode: 'append' }),
    );
    expect(await jobEnd((await appended.json()).result.jobId)).toBe('failed');
    const afterFailure = await (await call('imports.history', '{}')).json();
    expect(afterFailure.result[0]).toMatchObject({ table: 'weather', file: 'other.csv (uploaded)', status: 'failed' });
  });

  it('deletes the uploads it received when it stops', async () => {
    const { reply } = await upload('kept.csv', 'a\n1\n');
    expect(existsSync(reply.result.path)).toBe(true);
    await web.close();
    expect(existsSync(reply.result.path)).toBe(false);
    web = await startWebServer({ backend, staticDir, uploadsDir, host: '127.0.0.1', port: 0 });
  });

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

    const unknown = await call('tables.truncate', '{}');
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
    for (const climb of [
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/..%5c..%5cwindows%5cwin.ini',
      '/C:%5cwindows',
      '/a%00b.js',
    ]) {
      const refused = await fetch(`${web.url}${climb}`);
      expect(refused.status, climb).toBe(400);
      expect(await refused.text(), climb).not.toContain('root:');
    }
  });
});

describe('web mode beyond loopback', () => {
  const token = 'a-long-enough-test-token';
  let exposed: WebServer;
  let exposedPort: number;

  beforeEach(async () => {
    exposed = await startWebServer({ backend, staticDir, uploadsDir, host: '0.0.0.0', port: 0, token });
    exposedPort = Number(new URL(exposed.url).port);
  });
  afterEach(() => exposed.close());

  /** Bound to every address, reached over loopback, addressed as a remote browser would. */
  function request(target: string, headers: Record<string, string> = {}, head = 'GET') {
    const lines = Object.entries({ Host: `192.0.2.7:${exposedPort}`, ...headers }).map(([n, v]) => `${n}: ${v}`);
    return sendRaw(exposedPort, `${head} ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
  }

  it('will not start without a token', async () => {
    await expect(startWebServer({ backend, staticDir, uploadsDir, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      'listening on 0.0.0.0 makes the server reachable from other machines: it needs an access token',
    );
  });

  it('refuses the page, calls and events without the token, or with a wrong one', async () => {
    const page = await request('/');
    expect(page?.status).toBe(401);
    expect(JSON.parse(page?.body ?? '').error.message).toBe(
      'this server needs its access token: open the address triad serve printed (it ends in ?token=…), or send "Authorization: Bearer <token>"',
    );
    expect((await request('/api/events'))?.status).toBe(401);
    expect((await request('/?token=wrong'))?.status).toBe(401);
    const wrongCookie = await request('/api/events', { Cookie: `triad_token_${exposedPort}=wrong` });
    expect(JSON.parse(wrongCookie?.body ?? '').error.message).toMatch(/^the access token is wrong: /);
    const call = await request(
      '/api/invoke/settings.get',
      { 'Content-Type': 'application/json', 'Content-Length': '2' },
      'POST',
    );
    expect(call?.status).toBe(401);
  });

  it('takes the token once from the address into a cookie, which then carries calls and events', async () => {
    const link = await request(`/some/route?view=x&token=${token}`);
    expect(link?.status).toBe(303);
    expect(link?.headers.location).toBe('/some/route?view=x');
    expect(link?.headers['set-cookie']).toBe(`triad_token_${exposedPort}=${token}; Path=/; HttpOnly; SameSite=Lax`);
    const cookie = { Cookie: `other=1; triad_token_${exposedPort}=${token}` };
    expect((await request('/some/route', cookie))?.status).toBe(200);
    const events = await request('/api/events', cookie);
    expect(events?.headers['content-type']).toContain('text/event-stream');
    const call = await sendRaw(
      exposedPort,
      `POST /api/invoke/settings.get HTTP/1.1\r\nHost: 192.0.2.7:${exposedPort}\r\nOrigin: http://192.0.2.7:${exposedPort}\r\n` +
        `Cookie: triad_token_${exposedPort}=${token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(call?.status).toBe(200);
  });

  it('answers calls that send the token as a bearer header, and fuzzed requests with a 4xx JSON error or a success', async () => {
    const reply = await fetch(`http://127.0.0.1:${exposedPort}/api/invoke/settings.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect((await reply.json()).ok).toBe(true);
    const results = await fuzzListener(
      {
        port: exposedPort,
        paths: ['/', '/api/invoke/settings.get', '/api/events', `/?token=${token}`],
        headers: { Host: `192.0.2.7:${exposedPort}`, Authorization: `Bearer ${token}` },
      },
      11,
      150,
    );
    expect(unexpectedAnswers(results)).toEqual([]);
  });
});
