import { afterEach, describe, expect, it } from 'vitest';
import { sendRaw } from '../test-support/raw-http.js';
import { fuzzListener, unexpectedAnswers } from '../test-support/request-fuzz.js';
import { createModelServerService, type ModelServerOptions } from './model-server-service.js';
import type { Service, ServiceContext } from './service.js';

const running: Service[] = [];
const failures: string[] = [];
const loggedErrors: string[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
  expect(failures.splice(0)).toEqual([]);
  expect(loggedErrors.splice(0)).toEqual([]);
});

/** The model server does not use the project: only a running service's failure reports matter here. */
const context = {
  reportFailure: (reason: string) => failures.push(reason),
  reportDetail: () => {},
} as unknown as ServiceContext;

async function startModelServer(options: Partial<ModelServerOptions> = {}): Promise<number> {
  const service = createModelServerService({ host: '127.0.0.1', port: 0, ...options }, (message) =>
    loggedErrors.push(message),
  );
  running.push(service);
  const { url } = await service.start(context);
  return Number(new URL(url ?? '').port);
}

function get(port: number, target: string, headers: Record<string, string> = {}) {
  const lines = Object.entries({ Host: `127.0.0.1:${port}`, ...headers }).map(([name, value]) => `${name}: ${value}`);
  return sendRaw(port, `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
}

describe('model server listener', () => {
  it('answers a malformed percent-escape or request target with a 400, and keeps serving', async () => {
    const port = await startModelServer();
    expect(await get(port, '/v2/models/%E0%A4%A')).toMatchObject({
      status: 400,
      body: JSON.stringify({ error: 'the path "/v2/models/%E0%A4%A" has a malformed percent-escape' }),
    });
    expect(await get(port, 'http://[')).toMatchObject({
      status: 400,
      body: JSON.stringify({ error: 'the request target "http://[" names a malformed host' }),
    });
    expect((await get(port, '/v2/health/ready'))?.body).toBe('{"ready":true}');
  });

  it('names a model with an escaped slash as one model, and keeps its other routes', async () => {
    const port = await startModelServer();
    expect(await get(port, '/v2/models/a%2Fb/versions/2/infer')).toMatchObject({
      status: 404,
      body: JSON.stringify({ error: 'model "a/b" is not deployed on this server' }),
    });
    expect((await get(port, '/v2/models/m/versions/'))?.body).toBe(
      JSON.stringify({ error: 'no route for GET /v2/models/m/versions/' }),
    );
    expect((await get(port, '/v2'))?.status).toBe(200);
  });

  it('refuses a request addressed to another host name (DNS rebinding) and any other web page', async () => {
    const port = await startModelServer();
    expect(await get(port, '/v2/health/ready', { Host: `rebound.example:${port}` })).toMatchObject({
      status: 403,
      body: JSON.stringify({
        error: `requests must be addressed to this server on loopback, not to "rebound.example:${port}"`,
      }),
    });
    expect(await get(port, '/v2/health/ready', { Origin: 'http://evil.example' })).toMatchObject({
      status: 403,
      body: JSON.stringify({ error: 'requests from the web page at http://evil.example are not allowed' }),
    });
    expect(await get(port, '/v2/models/m', { 'Sec-Fetch-Site': 'cross-site' })).toMatchObject({
      status: 403,
      body: JSON.stringify({ error: 'requests from other web pages (cross-site) are not allowed' }),
    });
    expect((await get(port, '/v2/health/ready', { Host: `localhost:${port}`, 'Sec-Fetch-Site': 'none' }))?.status).toBe(
      200,
    );
  });

  it('answers every fuzzed request with a success or a 4xx JSON error, and still answers afterwards', async () => {
    const port = await startModelServer();
    const results = await fuzzListener(
      {
        port,
        paths: ['/v2', '/v2/health/live', '/v2/health/ready', '/v2/models/m', '/v2/models/m/versions/1/infer'],
        headers: { Host: `127.0.0.1:${port}` },
      },
      20_240_601,
      300,
    );
    expect(unexpectedAnswers(results)).toEqual([]);
    expect(results.filter(({ answer }) => answer?.status === 400).length).toBeGreaterThan(30);
    expect((await get(port, '/v2/health/live'))?.body).toBe('{"live":true}');
  });

  it('requires the bearer token when it has one, and will not listen beyond loopback without one', async () => {
    expect(() => createModelServerService({ host: '0.0.0.0', port: 0 }, () => {})).toThrow(
      'listening on 0.0.0.0 makes the server reachable from other machines: it needs an access token',
    );
    const port = await startModelServer({ host: '0.0.0.0', token: 'sesame' });
    expect(await get(port, '/v2/health/ready')).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="triad"' },
      body: JSON.stringify({ error: 'this server needs its access token: send it as "Authorization: Bearer <token>"' }),
    });
    expect((await get(port, '/v2/health/ready', { Authorization: 'Bearer sesam' }))?.body).toBe(
      JSON.stringify({ error: 'the access token is wrong: send it as "Authorization: Bearer <token>"' }),
    );
    const authorized = { Authorization: 'Bearer sesame', Host: `192.0.2.7:${port}` };
    expect((await get(port, '/v2/health/ready', authorized))?.body).toBe('{"ready":true}');
    const results = await fuzzListener(
      { port, paths: ['/v2/health/ready', '/v2/models/m/infer'], headers: { ...authorized } },
      7,
      150,
    );
    expect(unexpectedAnswers(results)).toEqual([]);
  });
});
