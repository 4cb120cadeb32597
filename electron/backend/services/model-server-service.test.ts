import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Project } from '../db/project.js';
import { createProject, openProject } from '../db/project-folder.js';
import type { ProtocolDatatype } from '../model-server/datatypes.js';
import { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { recentPredictions, servingMetrics } from '../model-server/prediction-log-queries.js';
import { registerModelVersion, setModelAlias } from '../models/model-registry.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { oneNodeModel } from '../test-support/identity-models.js';
import { sendRaw } from '../test-support/raw-http.js';
import { fuzzListener, unexpectedAnswers } from '../test-support/request-fuzz.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importedCard } from '../use-cases/import-model.js';
import { ModelServer, type ModelServerOptions } from './model-server-service.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const running: { server: ModelServer; project: Project }[] = [];
const failures: string[] = [];
const loggedErrors: string[] = [];

afterEach(async () => {
  for (const { server, project } of running.splice(0)) {
    await server.stop();
    project.close();
  }
  expect(failures.splice(0)).toEqual([]);
  expect(loggedErrors.splice(0)).toEqual([]);
});

function register(project: Project, name: string, bytes: Uint8Array) {
  return registerModelVersion(project.db, project.path, {
    name,
    bytes,
    signature: readOnnxSignature(bytes, `${name}.onnx`),
    card: importedCard({}, ['x']),
    runId: null,
  });
}

/** A project whose model `double` (x + x over FP32 [batch, 2]) has two versions, the second adding differently shaped, and `double@prod` on version 1. */
function projectWithModels(): Project {
  const project = createProject(temporaryFolder('serving-'), 'Serving');
  register(project, 'double', oneNodeModel('Add', 'FP32'));
  register(project, 'double', oneNodeModel('Add', 'FP32'));
  setModelAlias(project.db, 'double', 'prod', 1);
  return project;
}

async function startServer(
  project: Project,
  options: Partial<ModelServerOptions> = {},
): Promise<{ server: ModelServer; port: number; base: string }> {
  const server = new ModelServer({ host: '127.0.0.1', port: 0, rollupMs: 200, ...options }, (message) =>
    loggedErrors.push(message),
  );
  running.push({ server, project });
  const { url } = await server.start({
    project,
    reportFailure: (reason) => failures.push(reason),
    reportDetail: () => {},
  });
  return { server, port: Number(new URL(url ?? '').port), base: url ?? '' };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function deployAndWait(server: ModelServer, reference: string): Promise<void> {
  server.deploy(reference, undefined);
  await until(
    () => server.deployments().some((deployment) => deployment.reference === reference && deployment.state === 'ready'),
    `${reference} is ready`,
  );
}

function get(port: number, target: string, headers: Record<string, string> = {}) {
  const lines = Object.entries({ Host: `127.0.0.1:${port}`, ...headers }).map(([name, value]) => `${name}: ${value}`);
  return sendRaw(port, `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}

const pair = (data: number[], datatype: ProtocolDatatype = 'FP32') => ({
  inputs: [{ name: 'x', shape: [data.length / 2, 2], datatype, data }],
});

describe('model server listener', () => {
  it('answers a malformed percent-escape or request target with a 400, and keeps serving', async () => {
    const { port } = await startServer(projectWithModels());
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

  it('names a model with an escaped slash as one model, and answers unknown routes with 404', async () => {
    const { port } = await startServer(projectWithModels());
    expect(await get(port, '/v2/models/a%2Fb/versions/2/ready')).toMatchObject({
      status: 404,
      body: JSON.stringify({ error: 'model "a/b:2" is not served here (nothing is deployed)' }),
    });
    expect((await get(port, '/v2/models/m/versions/'))?.body).toBe(
      JSON.stringify({ error: 'no route for GET /v2/models/m/versions/' }),
    );
    expect((await get(port, '/v2'))?.status).toBe(200);
    // Names every JavaScript object has must not pass for actions: such a request went unanswered.
    for (const action of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(await post(`http://127.0.0.1:${port}/v2/models/m/${action}`, {})).toMatchObject({
        status: 404,
        json: { error: `no route for POST /v2/models/m/${action}` },
      });
  });

  it('refuses a request addressed to another host name (DNS rebinding) and any other web page', async () => {
    const { port } = await startServer(projectWithModels());
    expect(await get(port, '/v2/health/ready', { Host: `rebound.example:${port}` })).toMatchObject({
      status: 403,
      body: JSON.stringify({
        error: `requests must be addressed to this server on loopback, not to "rebound.example:${port}"`,
      }),
    });
    expect(await get(port, '/v2/health/ready', { Host: `127.0.0.1:${port + 1}` })).toMatchObject({ status: 403 });
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
    const project = projectWithModels();
    const { server, port } = await startServer(project);
    await deployAndWait(server, 'double');
    const results = await fuzzListener(
      {
        port,
        paths: [
          '/v2',
          '/v2/health/live',
          '/v2/health/ready',
          '/v2/models/double',
          '/v2/models/double/versions/1/infer',
          '/v2/models/double/infer-by-entity',
          '/invocations',
          '/metrics',
        ],
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
    expect(() => new ModelServer({ host: '0.0.0.0', port: 0 }, () => {})).toThrow(
      'listening on 0.0.0.0 makes the server reachable from other machines: it needs an access token',
    );
    const { port } = await startServer(projectWithModels(), { host: '0.0.0.0', token: 'sesame' });
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
  });
});

describe('Open Inference Protocol v2', () => {
  it('serves metadata with -1 for dynamic dimensions, readiness, and infers by name, version and alias', async () => {
    const project = projectWithModels();
    const { server, base } = await startServer(project);
    await deployAndWait(server, 'double@prod');
    await deployAndWait(server, 'double:2');
    const metadata = await fetch(`${base}/v2/models/double/versions/prod`);
    expect(await metadata.json()).toEqual({
      name: 'double',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, -1] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, -1] }],
    });
    expect(await (await fetch(`${base}/v2/models/double/versions/2/ready`)).json()).toEqual({
      name: 'double',
      version: '2',
      ready: true,
    });
    for (const [path, version] of [
      ['double', '1'],
      ['double/versions/prod', '1'],
      ['double@prod', '1'],
      ['double/versions/1', '1'],
      ['double/versions/2', '2'],
    ] as const) {
      const answer = await post(`${base}/v2/models/${path}/infer`, { id: 'r1', ...pair([0.5, 1.25, -3, 4]) });
      expect(answer, path).toMatchObject({
        status: 200,
        json: {
          model_name: 'double',
          model_version: version,
          id: 'r1',
          outputs: [{ name: 'y', datatype: 'FP32', shape: [2, 2], data: [1, 2.5, -6, 8] }],
        },
      });
    }
  });

  it('answers the binary tensor data extension with binary outputs when asked', async () => {
    const project = projectWithModels();
    const { server, base } = await startServer(project);
    await deployAndWait(server, 'double');
    const header = Buffer.from(
      JSON.stringify({
        inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', parameters: { binary_data_size: 8 } }],
        parameters: { binary_data_output: true },
      }),
    );
    const body = Buffer.concat([header, Buffer.from(new Float32Array([1.5, -2]).buffer)]);
    const response = await fetch(`${base}/v2/models/double/infer`, {
      method: 'POST',
      headers: { 'inference-header-content-length': String(header.byteLength) },
      body,
    });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const jsonLength = Number(response.headers.get('inference-header-content-length'));
    expect(JSON.parse(bytes.subarray(0, jsonLength).toString())).toMatchObject({
      outputs: [{ name: 'y', datatype: 'FP32', shape: [1, 2], parameters: { binary_data_size: 8 } }],
    });
    expect([...new Float32Array(bytes.subarray(jsonLength).buffer.slice(bytes.byteOffset + jsonLength))]).toEqual([
      3, -4,
    ]);
  });

  it('serves a model whose input is named like a member of every JavaScript object', async () => {
    const project = createProject(temporaryFolder('serving-member-names-'), 'Member names');
    const names = ['toString', 'constructor', '__proto__'];
    for (const [index, input] of names.entries())
      register(project, `m${index}`, oneNodeModel('Identity', 'FP32', ['batch'], 'FP32', input));
    const { server, base } = await startServer(project);
    for (const [index, input] of names.entries()) {
      await deployAndWait(server, `m${index}`);
      const url = `${base}/v2/models/m${index}/infer`;
      const tensor = { name: input, shape: [2], datatype: 'FP32', data: [1.5, -2] };
      const answer = await post(url, { inputs: [tensor] });
      expect(answer, input).toMatchObject({ status: 200, json: { outputs: [{ name: 'y', data: [1.5, -2] }] } });
      expect(await post(url, { inputs: [] }), input).toMatchObject({
        status: 400,
        json: { error: `the request is missing input ${input} of model m${index} version 1` },
      });
      expect(await post(url, { inputs: [tensor, tensor] }), input).toMatchObject({
        status: 400,
        json: { error: `input "${input}" is given twice` },
      });
    }
  });

  it('reaches a model named like an object member by its plain name when only a version is deployed', async () => {
    const project = createProject(temporaryFolder('serving-member-model-'), 'Member model');
    register(project, 'toString', oneNodeModel('Identity', 'FP32', ['batch']));
    const { server, base } = await startServer(project);
    await deployAndWait(server, 'toString:1');
    const tensor = { name: 'x', shape: [1], datatype: 'FP32', data: [3] };
    expect(await post(`${base}/v2/models/toString/infer`, { inputs: [tensor] })).toMatchObject({
      status: 200,
      json: { model_name: 'toString', model_version: '1' },
    });
  });

  it('round-trips INT64 beyond 2^53 and every element type through JSON exactly', async () => {
    const project = createProject(temporaryFolder('serving-types-'), 'Types');
    const cases: [ProtocolDatatype, unknown[]][] = [
      ['INT64', ['-9223372036854775808', '9223372036854775807']],
      ['UINT64', ['0', '18446744073709551615']],
      ['FP16', [0.5, 65504]],
      ['FP64', [0.1, -1e308]],
      ['INT8', [-128, 127]],
      ['UINT16', [0, 65535]],
      ['BOOL', [true, false]],
      ['BYTES', ['héllo', '']],
    ];
    for (const [datatype] of cases)
      register(project, `id_${datatype.toLowerCase()}`, oneNodeModel('Identity', datatype, ['batch']));
    const { server, base } = await startServer(project);
    for (const [datatype, values] of cases) {
      const name = `id_${datatype.toLowerCase()}`;
      await deployAndWait(server, name);
      const data = values.map((value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? `@${value}@` : value));
      const text = JSON.stringify({ inputs: [{ name: 'x', shape: [2], datatype, data }] }).replace(
        /"@(-?\d+)@"/g,
        '$1',
      );
      const response = await fetch(`${base}/v2/models/${name}/infer`, { method: 'POST', body: text });
      const answer = await response.text();
      expect(response.status, `${datatype}: ${answer}`).toBe(200);
      const expected = JSON.stringify(values).replace(/"(-?\d+)"/g, '$1');
      expect(answer, datatype).toContain(`"data":${expected}`);
    }
  });

  it('serves MLflow /invocations in its four formats', async () => {
    const project = projectWithModels();
    const { server, base } = await startServer(project);
    await deployAndWait(server, 'double');
    const expected = { status: 200, json: { predictions: [[2, 4]] } };
    expect(await post(`${base}/invocations`, { inputs: [[1, 2]] })).toMatchObject(expected);
    expect(await post(`${base}/invocations`, { instances: [[1, 2]] })).toMatchObject(expected);
    expect(
      await post(`${base}/invocations`, { dataframe_split: { columns: ['a', 'b'], data: [[1, 2]] } }),
    ).toMatchObject(expected);
    expect(await post(`${base}/invocations`, { dataframe_records: [{ a: 1, b: 2 }] })).toMatchObject(expected);
    expect(await post(`${base}/models/double/invocations`, { inputs: { x: [[1, 2]] } })).toMatchObject(expected);
    expect(await post(`${base}/invocations`, { rows: [] })).toMatchObject({
      status: 400,
      json: {
        error: "the body needs one of dataframe_split, dataframe_records, instances, inputs (MLflow's scoring formats)",
      },
    });
  });

  it('refuses every kind of bad request with a 4xx naming the problem, and keeps serving', async () => {
    const project = projectWithModels();
    const { server, base } = await startServer(project, { maxBodyBytes: 4096 });
    await deployAndWait(server, 'double');
    const infer = `${base}/v2/models/double/infer`;
    const refusals: [string, unknown, number, string][] = [
      [`${base}/v2/models/nope/infer`, pair([1, 2]), 404, 'model "nope" is not served here (served: double, double:2)'],
      [`${base}/v2/models/double/versions/9/infer`, pair([1, 2]), 404, 'model "double:9" is not served here'],
      [`${base}/v2/models/double/versions/beta/infer`, pair([1, 2]), 404, 'model "double@beta" is not served here'],
      [
        infer,
        { inputs: [{ name: 'z', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] },
        400,
        'has no input "z" (its inputs: x)',
      ],
      [infer, { inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP32', data: [1, 2] }] }, 400, 'input "x"'],
      [infer, pair([1, 2], 'FP64'), 400, 'input "x" has datatype FP64 but the model takes FP32'],
      [infer, { inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [1, 'two'] }] }, 400, 'input "x"'],
      [infer, '{"inputs": [', 400, 'request body is not valid JSON: unexpected end of input'],
      [
        `${base}/invocations`,
        '{"instances": [1, 2,]}',
        400,
        "request body is not valid JSON: unexpected ']' at position 20",
      ],
      [`${base}/invocations`, '{"inputs": NaN}', 400, 'NaN and Infinity are not JSON numbers'],
      [infer, { inputs: [] }, 400, 'the request is missing input x'],
      [infer, { ...pair([1, 2]), outputs: [{ name: 'w' }] }, 400, 'has no output "w"'],
      [
        infer,
        { inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: new Array(3000).fill(1) }] },
        413,
        'limit of 4096',
      ],
    ];
    for (const [url, body, status, message] of refusals) {
      const answer = await post(url, body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(status);
      expect((answer.json as { error: string }).error).toContain(message);
    }
    expect(await post(infer, pair([1, 2]))).toMatchObject({ status: 200 });
  });
});

describe('deployments', () => {
  it('moves traffic to the version an alias moves to with no failed request (hot swap under load)', async () => {
    const project = projectWithModels();
    const { server, base } = await startServer(project);
    await deployAndWait(server, 'double@prod');
    const seen = new Set<string>();
    const statuses = new Map<number, number>();
    let stop = false;
    const client = async () => {
      while (!stop) {
        const answer = await post(`${base}/v2/models/double/versions/prod/infer`, pair([1, 2]));
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        seen.add((answer.json as { model_version: string }).model_version);
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    setModelAlias(project.db, 'double', 'prod', 2);
    await until(() => seen.has('2'), 'version 2 answers');
    setModelAlias(project.db, 'double', 'prod', 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stop = true;
    await Promise.all(clients);
    expect([...statuses.keys()]).toEqual([200]);
    expect([...seen].sort()).toEqual(['1', '2']);
    expect(server.deployments()).toMatchObject([{ reference: 'double@prod', version: 1, state: 'ready' }]);
  });

  it('reads nothing while the project is idle, and follows an alias moved by another connection within a second', async () => {
    const project = projectWithModels();
    const { server } = await startServer(project);
    await deployAndWait(server, 'double@prod');
    const queries = vi.spyOn(project.db, 'prepare');
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(queries).not.toHaveBeenCalled();
    // Another connection, as a job's thread or a triad command in a terminal has.
    const other = openProject(project.path);
    setModelAlias(other.db, 'double', 'prod', 2);
    other.close();
    const movedAt = Date.now();
    await until(
      () => server.deployments()[0]?.version === 2 && server.deployments()[0]?.state === 'ready',
      'double@prod is served by version 2',
    );
    expect(Date.now() - movedAt).toBeLessThan(2000);
  });

  it('answers its deployments from memory, read again when one is deployed or undeployed', async () => {
    const project = projectWithModels();
    const { server } = await startServer(project);
    await deployAndWait(server, 'double@prod');
    const queries = vi.spyOn(project.db, 'prepare');
    for (let call = 0; call < 10; call++) expect(server.deployments()).toMatchObject([{ reference: 'double@prod' }]);
    expect(queries).not.toHaveBeenCalled();
    queries.mockRestore();
    server.deploy('double:2', { maxBatchRows: 8, batchWindowMicros: 0, maxConcurrency: 4 });
    expect(server.deployments()).toMatchObject([
      { reference: 'double:2', version: 2, settings: { maxBatchRows: 8 } },
      { reference: 'double@prod', version: 1 },
    ]);
    server.undeploy('double@prod');
    expect(server.deployments()).toMatchObject([{ reference: 'double:2' }]);
  });

  it('runs concurrent requests as batches, refuses those beyond the concurrency limit with 503, and counts both in /metrics', async () => {
    const project = projectWithModels();
    const { server, base } = await startServer(project);
    server.deploy('double', { maxBatchRows: 64, batchWindowMicros: 2000, maxConcurrency: 20 });
    await until(() => server.deployments()[0]?.state === 'ready', 'double is ready');
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => post(`${base}/v2/models/double/infer`, pair([1, 2]))),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(20);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 503)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('triad_model_requests_total{model="double",version="2",endpoint="infer",status="200"}');
    const batches = Number(/triad_model_batch_rows_count\{model="double",version="2"\} (\d+)/.exec(metrics)?.[1]);
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(20);
  });

  it('logs predictions and rolls up every request for the dashboards, off the request path', async () => {
    const project = projectWithModels();
    const { server, base } = await startServer(project);
    await deployAndWait(server, 'double');
    for (let index = 0; index < 5; index++) await post(`${base}/v2/models/double/infer`, pair([index, 1]));
    await post(`${base}/v2/models/double/infer`, pair([1, 2], 'FP64'));
    const from = new Date(Date.now() - 60_000).toISOString();
    const predictionLog = new PredictionLogConnection(project.path);
    await until(
      () => predictionLog.use((db) => recentPredictions(db, 'double', 10)).length === 6,
      'the predictions are logged',
    );
    const logged = predictionLog.use((db) => recentPredictions(db, 'double', 10));
    expect(logged[0]).toMatchObject({ status: 400, error: expect.stringContaining('FP64'), version: 2 });
    expect(logged[1]).toMatchObject({ status: 200, rows: 1, inputs: { x: [4, 1] }, outputs: { y: [8, 2] } });
    await until(
      () =>
        predictionLog.use((db) =>
          servingMetrics(db, { from, to: new Date(Date.now() + 60_000).toISOString(), points: 10 }),
        ).totals.requests === 6,
      'the rollups count every request',
    );
    predictionLog.close();
  });
});
