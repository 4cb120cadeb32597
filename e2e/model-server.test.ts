import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { breastCancerModel } from './breast-cancer.js';
import { CLI, type RunningServer, runTriad, runTriadOk, startServer, temporaryDir } from './harness.js';

const work = temporaryDir('model-server');
const children: ChildProcess[] = [];
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(servers.map((server) => server.stop()));
  work.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ModelsServer {
  url: string;
  pid: number;
  stderr(): string;
}

/** `triad models serve --port 0 --json` on a project, as a user runs it; resolves once it says where it listens. */
async function serveModels(
  home: string,
  project: string,
  models: string[] = [],
  options: string[] = [],
): Promise<ModelsServer & { logging: unknown }> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'models',
      'serve',
      '--project',
      project,
      '--port',
      '0',
      ...models.flatMap((m) => ['--model', m]),
      ...options,
      '--json',
    ],
    { env: { ...process.env, TRIAD_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`triad models serve exited with ${code}: ${stderr}`)));
  });
  const summary = JSON.parse(line) as {
    url: string;
    deployments: { reference: string; state: string }[];
    logging: unknown;
  };
  expect(summary.deployments.every((deployment) => deployment.state === 'ready')).toBe(true);
  return { url: summary.url, pid: child.pid as number, stderr: () => stderr, logging: summary.logging };
}

/** A sample project made by `triad init --sample`, with its own home folder. */
function sampleProject(name: string): { home: string; project: string } {
  const home = join(work.path, `${name}-home`);
  const project = join(work.path, name);
  runTriadOk(home, ['init', '--sample', project]);
  return { home, project };
}

interface Row {
  origin: string;
  destination: string;
  avg_delay: number;
  max_delay: number;
  departures: number;
  distance: number;
}

const SAMPLE_ROW: Row = {
  origin: 'BWI',
  destination: 'BOS',
  avg_delay: 12.5,
  max_delay: 40,
  departures: 3,
  distance: 370,
};

/** An Open Inference Protocol v2 request for flight_delays: one row, text as BYTES, numbers as FP64. */
function inferBody(row: Row): string {
  return JSON.stringify({
    inputs: (Object.keys(SAMPLE_ROW) as (keyof Row)[]).map((name) => ({
      name,
      shape: [1, 1],
      datatype: typeof row[name] === 'string' ? 'BYTES' : 'FP64',
      data: [row[name]],
    })),
  });
}

interface Answer {
  status: number;
  body: string;
}

function post(agent: Agent, url: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

interface LoadResult {
  /** Each answer's latency, in microseconds. */
  latencies: number[];
  statuses: Map<number, number>;
  /** Connection errors (not HTTP statuses). */
  failures: number;
  /** Non-200 answers, the first few kept whole. */
  refusals: Answer[];
}

/**
 * `connections` keep-alive connections, each sending the next request as soon as its answer is in,
 * for `durationMs`; latencies measured with performance.now() (microseconds, finer than autocannon).
 */
async function load(
  url: string,
  body: () => string,
  connections: number,
  durationMs: number,
  onAnswer?: (answer: Answer) => void,
  /** Requests per second over all connections; as fast as the answers come when absent. */
  rate?: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const result: LoadResult = { latencies: [], statuses: new Map(), failures: 0, refusals: [] };
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async (_, connection) => {
      const interval = rate === undefined ? 0 : (1000 * connections) / rate;
      let next = performance.now() + (interval * connection) / connections;
      while (performance.now() < end) {
        if (interval > 0) {
          const wait = next - performance.now();
          if (wait > 0) await sleep(wait);
          next += interval;
        }
        const started = performance.now();
        try {
          const answer = await post(agent, url, body());
          result.latencies.push((performance.now() - started) * 1000);
          result.statuses.set(answer.status, (result.statuses.get(answer.status) ?? 0) + 1);
          if (answer.status !== 200 && result.refusals.length < 5) result.refusals.push(answer);
          onAnswer?.(answer);
        } catch {
          result.failures += 1;
        }
      }
    }),
  );
  agent.destroy();
  return result;
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

const ms = (micros: number) => `${(micros / 1000).toFixed(3)} ms`;

function describeLoad(result: LoadResult, seconds: number): string {
  return `${result.latencies.length} requests (${(result.latencies.length / seconds).toFixed(0)}/s), p50 ${ms(percentile(result.latencies, 0.5))}, p99 ${ms(percentile(result.latencies, 0.99))}, max ${ms(result.latencies.reduce((most, latency) => Math.max(most, latency), 0))}, statuses ${JSON.stringify(Object.fromEntries(result.statuses))}, connection errors ${result.failures}`;
}

/**
 * The load of the latency comparison: 8 connections sending 800 requests per second in all, not as
 * fast as they can. A closed loop saturates a 2-core machine (the client, the server's threads),
 * so any other work at all, SQLite or not, lengthens its queue; a steady rate below capacity
 * shows whether inference itself waits on the project's writers.
 */
const RATE = 800;

describe('the model server', () => {
  it('answers as fast while 1,000,000-row imports and training-set builds write the project', async () => {
    const home = join(work.path, 'busy-home');
    const server = await startServer(['--model-port', '0'], { TRIAD_HOME: home });
    servers.push(server);
    const invoke = async <T>(method: string, input: unknown): Promise<T> => {
      const reply = await fetch(`${server.url}/api/invoke/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const parsed = (await reply.json()) as { result?: T; error?: unknown };
      if (!reply.ok || parsed.result === undefined)
        throw new Error(`${method}: ${reply.status} ${JSON.stringify(parsed.error ?? parsed)}`);
      return parsed.result;
    };
    const jobState = async (id: string) => (await invoke<{ state: string; error?: string }>('jobs.get', { id })).state;

    await invoke('serving.deploy', { reference: 'flight_delays@champion' });
    let deploymentUrl: string | null = null;
    for (const deadline = Date.now() + 30_000; deploymentUrl === null && Date.now() < deadline; await sleep(100)) {
      const status = await invoke<{ deployments: { reference: string; state: string; url: string | null }[] }>(
        'serving.status',
        {},
      );
      const deployment = status.deployments.find((entry) => entry.reference === 'flight_delays@champion');
      expect(deployment?.state).not.toBe('failed');
      if (deployment?.state === 'ready') deploymentUrl = deployment.url;
    }
    expect(deploymentUrl).toMatch(/\/v2\/models\/flight_delays\/versions\/champion$/);
    const url = `${deploymentUrl}/infer`;
    const body = () => inferBody(SAMPLE_ROW);

    const csv = join(work.path, 'big.csv');
    spawnSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'write-events-csv.mjs'), csv]);
    expect(statSync(csv).size).toBeGreaterThan(30_000_000);

    await load(url, body, 8, 2000); // warm-up
    const window = async () => {
      const from = performance.now();
      const result = await load(url, body, 8, 5000, undefined, RATE);
      return { result, seconds: (performance.now() - from) / 1000 };
    };
    const idleWindow = await window();
    const idle = idleWindow.result;

    // Imports one after another and training sets one after another, side by side, for the whole
    // measurement: a window that ended with one import would be as short as the import is fast.
    let measuring = true;
    const oneAfterAnother = async (start: (index: number) => Promise<{ jobId: string }>) => {
      const states: string[] = [];
      while (measuring) {
        const { jobId } = await start(states.length);
        let state = await jobState(jobId);
        while (state === 'queued' || state === 'running') {
          await sleep(50);
          state = await jobState(jobId);
        }
        states.push(state);
      }
      return states;
    };
    const jobs = Promise.all([
      oneAfterAnother((index) =>
        invoke<{ jobId: string }>('imports.start', { path: csv, table: `big_events_${index}`, mode: 'create' }),
      ),
      oneAfterAnother((index) =>
        invoke<{ jobId: string }>('features.buildTrainingSet', {
          entityTable: 'departure_labels',
          service: 'delay_prediction',
          table: `busy_training_set_${index}`,
        }),
      ),
    ]);
    const busyWindow = await window();
    const busy = busyWindow.result;
    measuring = false;
    const [imports, builds] = await jobs;

    const idleP99 = percentile(idle.latencies, 0.99);
    const busyP99 = percentile(busy.latencies, 0.99);
    console.log(`infer, 8 connections, idle: ${describeLoad(idle, idleWindow.seconds)}`);
    console.log(
      `infer, 8 connections, during ${imports.length} 1,000,000-row imports and ${builds.length} training-set builds: ${describeLoad(busy, busyWindow.seconds)}`,
    );
    console.log(`p99 busy / idle: ${(busyP99 / idleP99).toFixed(2)}x (npm run bench measures it on a quiet machine)`);

    // Both kinds of job ran during the measurement, and every one of them succeeded.
    expect([imports.length > 0, builds.length > 0]).toEqual([true, true]);
    expect([...imports, ...builds].every((state) => state === 'succeeded')).toBe(true);
    for (const result of [idle, busy]) {
      expect(result.failures).toBe(0);
      expect([...result.statuses.keys()]).toEqual([200]);
    }
    // How much the jobs may lengthen the tail is a benchmark's question (bench/inference-during-jobs.mjs):
    // on a loaded test machine it swings with whatever else runs. What no load can excuse is a
    // request waiting for a SQLite transaction of the import, which holds its thread for hundreds of
    // milliseconds: that is what sharing a thread with it would look like.
    expect(busyP99).toBeLessThan(100_000);
  }, 120_000);

  describe('triad models serve on the sample, following flight_delays@champion', () => {
    let sample: { home: string; project: string };
    let server: ModelsServer;
    let url: string;

    it('serves 8 connections for 60 s without an error, its memory flat', async () => {
      sample = sampleProject('load');
      server = await serveModels(sample.home, sample.project, ['flight_delays@champion']);
      url = `${server.url}/v2/models/flight_delays/versions/champion/infer`;
      const rss: number[] = [];
      const sampling = setInterval(() => {
        const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
        rss.push(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024);
      }, 1000);
      const result = await load(url, () => inferBody(SAMPLE_ROW), 8, 60_000);
      clearInterval(sampling);
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      const early = mean(rss.slice(10, 20));
      const late = mean(rss.slice(-20));
      console.log(`60 s at 8 connections: ${describeLoad(result, 60)}`);
      console.log(
        `RSS of triad models serve (MiB), one a second: ${rss.map((value) => value.toFixed(0)).join(' ')}; mean of 10-20 s ${early.toFixed(1)}, of the last 20 s ${late.toFixed(1)} (${(((late - early) / early) * 100).toFixed(1)}%)`,
      );
      expect(result.failures).toBe(0);
      expect([...result.statuses.keys()]).toEqual([200]);
      expect(result.latencies.length).toBeGreaterThan(10_000);
      expect(rss.length).toBeGreaterThanOrEqual(55);
      expect(late).toBeLessThan(early * 1.15);
    }, 120_000);

    it('moves to version 2 under load when the alias moves, every answer a 200', async () => {
      const trained = JSON.parse(
        runTriadOk(sample.home, [
          'train',
          '--table',
          'flight_delays_split_train',
          '--label',
          'delayed',
          '--algo',
          'gbdt',
          '--param',
          'n_estimators=20',
          '--register',
          'flight_delays',
          '--project',
          sample.project,
          '--json',
        ]),
      ) as { registered: { version: number } | null };
      expect(trained.registered?.version).toBe(2);
      const answered: { at: number; version: string }[] = [];
      let movedAt = Number.POSITIVE_INFINITY;
      const moving = (async () => {
        await sleep(2000);
        const child = spawn(
          process.execPath,
          [CLI, 'models', 'alias', 'flight_delays@champion', '2', '--project', sample.project],
          { env: { ...process.env, TRIAD_HOME: sample.home }, stdio: 'ignore' },
        );
        const code = await new Promise((resolve) => child.once('exit', resolve));
        movedAt = performance.now();
        return code;
      })();
      const result = await load(
        url,
        () => inferBody(SAMPLE_ROW),
        8,
        6000,
        (answer) => {
          if (answer.status === 200)
            answered.push({
              at: performance.now(),
              version: (JSON.parse(answer.body) as { model_version: string }).model_version,
            });
        },
      );
      expect(await moving).toBe(0);
      const count = (version: string) => answered.filter((answer) => answer.version === version).length;
      const afterMove = answered.filter((answer) => answer.at > movedAt + 1000);
      console.log(
        `hot swap of flight_delays@champion from version 1 to 2 under 8 connections: ${describeLoad(result, 6)}; ${count('1')} answers by version 1, ${count('2')} by version 2; version 2 answered ${((answered.find((answer) => answer.version === '2')?.at ?? Number.NaN) - movedAt).toFixed(0)} ms after the alias command ended`,
      );
      expect(result.failures).toBe(0);
      expect([...result.statuses.keys()]).toEqual([200]);
      expect(count('1')).toBeGreaterThan(0);
      expect(count('2')).toBeGreaterThan(0);
      expect(afterMove.length).toBeGreaterThan(0);
      expect(afterMove.every((answer) => answer.version === '2')).toBe(true);
    }, 60_000);
  });

  describe('triad models serve on another sample: drift and feature-enriched calls', () => {
    let sample: { home: string; project: string };
    let server: ModelsServer;

    const FEATURES = ['origin', 'destination', 'avg_delay', 'max_delay', 'departures', 'distance'] as const;

    interface DriftReport {
      datasetDrift: boolean;
      liveRows: number;
      referenceSource: string;
      features: { feature: string; drifted: boolean; score: number; method: string }[];
    }

    /** `triad drift --json` once the prediction log (written by its own thread) holds `rows` rows. */
    async function drift(rows: number): Promise<DriftReport> {
      for (const deadline = Date.now() + 20_000; ; await sleep(250)) {
        const result = runTriad(sample.home, [
          'drift',
          '--model',
          'flight_delays@champion',
          '--window',
          '1h',
          '--project',
          sample.project,
          '--json',
        ]);
        const report = JSON.parse(result.stdout) as DriftReport | { error: { message: string } };
        if ('features' in report) {
          expect(result.code).toBe(report.datasetDrift ? 3 : 0);
          if (report.liveRows >= rows || Date.now() > deadline) return report;
        } else if (Date.now() > deadline) throw new Error(`triad drift: ${report.error.message}`);
      }
    }

    async function send(rows: Row[]): Promise<void> {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (const row of rows) {
        const answer = await post(
          agent,
          `${server.url}/v2/models/flight_delays/versions/champion/infer`,
          inferBody(row),
        );
        expect(answer.status, answer.body).toBe(200);
        // Under 170 a second, below the prediction log's 200 a second: every request is logged.
        await sleep(6);
      }
      agent.destroy();
    }

    const describeDrift = (report: DriftReport) =>
      `dataset drift ${report.datasetDrift}; ${report.features.map((feature) => `${feature.feature} ${feature.method} ${feature.score.toFixed(4)}${feature.drifted ? ' DRIFT' : ''}`).join(', ')}`;

    it('finds no drift in rows of the training data, and exactly the two features shifted', async () => {
      sample = sampleProject('drift');
      server = await serveModels(sample.home, sample.project);
      const card = (
        JSON.parse(
          runTriadOk(sample.home, ['models', 'show', 'flight_delays@champion', '--project', sample.project, '--json']),
        ) as { card: { trainingTable: string } }
      ).card;
      expect(card.trainingTable).toBe('flight_delays_split_train');
      // The rows of the table it was trained on; the requests take no missing numbers, so rows
      // with one are left out (4% of them). All of them, not a few hundred: origin and destination
      // have about 70 airports each, and 300 rows of the very same data already differ from the
      // whole by a Jensen-Shannon distance of 0.25 (Evidently's threshold is 0.1), so a sample that
      // small is flagged as drifted in both.
      const query = runTriadOk(sample.home, [
        'sql',
        `SELECT ${FEATURES.join(', ')} FROM ${card.trainingTable} WHERE avg_delay IS NOT NULL AND max_delay IS NOT NULL AND departures IS NOT NULL`,
        '--limit',
        '5000',
        '--project',
        sample.project,
        '--json',
      ]);
      const rows = (JSON.parse(query) as { rows: unknown[][] }).rows.map(
        (values) => Object.fromEntries(FEATURES.map((name, index) => [name, values[index]])) as unknown as Row,
      );
      expect(rows.length).toBeGreaterThan(1500);
      await send(rows);
      const steady = await drift(rows.length);
      console.log(`drift on ${steady.liveRows} real rows: ${describeDrift(steady)}`);
      expect(steady.liveRows).toBe(rows.length);
      expect(steady.referenceSource).toContain('flight_delays_split_train');
      expect(steady.datasetDrift).toBe(false);
      expect(steady.features.filter((feature) => feature.drifted)).toEqual([]);

      // Every fifth row again with distance tripled and 60 minutes more average delay. The window
      // is at least a minute, so it holds the unshifted requests too: a sixth of the live rows shifted.
      const fifth = rows.filter((_, index) => index % 5 === 0);
      await send(fifth.map((row) => ({ ...row, distance: row.distance * 3, avg_delay: row.avg_delay + 60 })));
      const shifted = await drift(rows.length + fifth.length);
      console.log(`drift on ${shifted.liveRows} rows, ${fifth.length} of them shifted: ${describeDrift(shifted)}`);
      expect(shifted.liveRows).toBe(rows.length + fifth.length);
      expect(
        shifted.features
          .filter((feature) => feature.drifted)
          .map((feature) => feature.feature)
          .sort(),
      ).toEqual(['avg_delay', 'distance']);
      // Two of six features: under the share (0.5) at which the dataset drifts.
      expect(shifted.datasetDrift).toBe(false);
    }, 90_000);

    it('answers by entity id with the online features, and says which entity it does not know', async () => {
      const trained = JSON.parse(
        runTriadOk(sample.home, [
          'train',
          '--table',
          'training_delay_prediction',
          '--label',
          'delayed',
          '--algo',
          'logreg',
          '--features',
          'avg_delay,max_delay,departures,distance',
          '--register',
          'delays',
          '--project',
          sample.project,
          '--json',
        ]),
      ) as { card: { featureService: string | null } };
      expect(trained.card.featureService).toBe('delay_prediction');
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const byEntity = (body: unknown) =>
        post(agent, `${server.url}/v2/models/delays/infer-by-entity`, JSON.stringify(body));
      // The sample's flights are of 2001: the online store's values are fresh (within their TTL) then.
      const at = '2001-04-01T00:00:00.001Z';
      const online = JSON.parse(
        runTriadOk(sample.home, [
          'features',
          'get',
          '--service',
          'delay_prediction',
          '--entity',
          'origin=ABQ',
          '--at',
          at,
          '--project',
          sample.project,
          '--json',
        ]),
      ) as { features: { feature: string; value: number; status: string }[] };
      expect(online.features.map((feature) => feature.status)).toEqual(['present', 'present', 'present', 'present']);

      // The model server follows the registry: the new model answers once it is loaded.
      const request = { entities: [{ origin: 'ABQ' }, { origin: 'ZZZ' }], at };
      let answer = await byEntity(request);
      for (const deadline = Date.now() + 15_000; answer.status === 404 && Date.now() < deadline; await sleep(200))
        answer = await byEntity(request);
      console.log(`infer-by-entity ABQ and ZZZ: ${answer.status} ${answer.body}`);
      expect(answer.status).toBe(200);
      const reply = JSON.parse(answer.body) as {
        model_name: string;
        model_version: string;
        outputs: { name: string; shape: number[]; data: number[] }[];
        entities: {
          entity: object;
          status: string;
          features: { feature: string; value: unknown; status: string }[];
        }[];
      };
      expect(reply).toMatchObject({ model_name: 'delays', model_version: '1' });
      expect(reply.outputs.map((output) => [output.name, output.shape])).toEqual([
        ['label', [2]],
        ['probabilities', [2, 2]],
      ]);
      const [known, unknown] = reply.entities;
      expect(known).toMatchObject({ entity: { origin: 'ABQ' }, status: 'found' });
      expect(known?.features.map(({ feature, value, status }) => ({ feature, value, status }))).toEqual(
        online.features.map(({ feature, value }) => ({ feature, value, status: 'present' })),
      );
      expect(unknown).toMatchObject({ entity: { origin: 'ZZZ' }, status: 'not_found' });
      expect(unknown?.features.map((feature) => [feature.feature, feature.value, feature.status])).toEqual(
        online.features.map((feature) => [feature.feature, null, 'not_found']),
      );

      // The same model called with the same values through /infer gives the same probabilities.
      const value = (name: string) => online.features.find((feature) => feature.feature === name)?.value;
      const direct = await post(
        agent,
        `${server.url}/v2/models/delays/infer`,
        JSON.stringify({
          inputs: ['avg_delay', 'max_delay', 'departures', 'distance'].map((name) => ({
            name,
            shape: [1, 1],
            datatype: 'FP64',
            data: [value(name)],
          })),
        }),
      );
      expect(direct.status, direct.body).toBe(200);
      const probabilities = (body: string) =>
        (JSON.parse(body) as { outputs: { name: string; data: number[] }[] }).outputs.find(
          (output) => output.name === 'probabilities',
        )?.data;
      expect(probabilities(answer.body)?.slice(0, 2)).toEqual(probabilities(direct.body));

      // An entity without its join key is a clear 400.
      const keyless = await byEntity({ entities: [{ airport: 'ABQ' }], at });
      expect(keyless.status).toBe(400);
      expect(keyless.body).toContain('the entity needs origin');
      agent.destroy();
    }, 60_000);
  });

  it("sets the prediction log's limits from the command line, keeps them, and refuses one out of bounds", async () => {
    const sample = sampleProject('log-settings');
    const refused = runTriad(sample.home, [
      'models',
      'serve',
      '--project',
      sample.project,
      '--port',
      '0',
      '--log-max-rows',
      '10',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("triad: the prediction log's size limit (predictions): Too small");
    const first = await serveModels(
      sample.home,
      sample.project,
      ['flight_delays'],
      ['--log-sample-rate', '50', '--log-retention-days', '7'],
    );
    expect(first.logging).toEqual({ sampleRatePerSecond: 50, retentionDays: 7, maxRows: 1_000_000 });
    process.kill(first.pid, 'SIGTERM');
    const again = await serveModels(sample.home, sample.project, ['flight_delays']);
    expect(again.logging).toEqual({ sampleRatePerSecond: 50, retentionDays: 7, maxRows: 1_000_000 });
    process.kill(again.pid, 'SIGTERM');
  }, 60_000);

  it('finds drift column by column in a scikit-learn model’s one 30-value input, given the table it learnt from', async () => {
    const home = join(work.path, 'cancer-home');
    const project = join(work.path, 'cancer');
    runTriadOk(home, ['init', project]);
    const { model, columns, rows } = breastCancerModel(home, project, work.path);
    const importing = (inputColumns: string) =>
      runTriad(home, [
        'models',
        'import',
        model,
        '--name',
        'cancer',
        '--training-table',
        'cancer',
        '--input-columns',
        inputColumns,
        '--project',
        project,
      ]);
    const refused = importing(columns.slice(0, 29).join(','));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('input "float_input" takes 30 values per row, but 29 columns were named');
    const unreadable = importing(`${columns[0]},,${columns[1]}`);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain(`a column name is missing in ${columns[0]},,${columns[1]}`);
    // Named, and quoted as a name holding a comma would have to be.
    const imported = importing(`float_input = ${columns.map((name) => `"${name}"`).join(', ')}`);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`columns     float_input: ${columns.join(', ')}`);

    const cancer = await serveModels(home, project);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let sent = 0;
    /** The rows in requests of ten, each a [10, 30] tensor, as a client batches them. */
    async function send(batchRows: number[][]) {
      for (let start = 0; start < batchRows.length; start += 10) {
        const batch = batchRows.slice(start, start + 10);
        const answer = await post(
          agent,
          `${cancer.url}/v2/models/cancer/infer`,
          JSON.stringify({
            inputs: [{ name: 'float_input', shape: [batch.length, 30], datatype: 'FP32', data: batch.flat() }],
          }),
        );
        expect(answer.status, answer.body).toBe(200);
        await sleep(6);
      }
      sent += batchRows.length;
    }
    /** `triad drift --json` once the prediction log holds every row sent. */
    async function drift() {
      for (const deadline = Date.now() + 20_000; ; await sleep(250)) {
        const result = runTriad(home, ['drift', '--model', 'cancer', '--window', '1h', '--project', project, '--json']);
        const report = JSON.parse(result.stdout) as {
          liveRows?: number;
          datasetDrift: boolean;
          features: { feature: string; drifted: boolean }[];
          error?: { message: string };
        };
        if (report.liveRows === sent || Date.now() > deadline) return report;
      }
    }
    await send(rows);
    const steady = await drift();
    expect(steady).toMatchObject({ liveRows: rows.length, datasetDrift: false });
    expect(steady.features.map((feature) => feature.feature).sort()).toEqual([...columns].sort());
    expect(steady.features.filter((feature) => feature.drifted)).toEqual([]);

    // Every row again, with a larger mean radius and a smaller worst smoothness.
    const radius = columns.indexOf('mean radius');
    const smoothness = columns.indexOf('worst smoothness');
    await send(
      rows.map((row) =>
        row.map((value, index) => (index === radius ? value + 5 : index === smoothness ? value * 0.7 : value)),
      ),
    );
    const shifted = await drift();
    expect(shifted.liveRows).toBe(2 * rows.length);
    expect(
      shifted.features
        .filter((feature) => feature.drifted)
        .map((feature) => feature.feature)
        .sort(),
    ).toEqual(['mean radius', 'worst smoothness']);
    agent.destroy();
    process.kill(cancer.pid, 'SIGTERM');
  }, 90_000);
});
