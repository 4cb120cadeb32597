import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/contract/events.js';
import { type JobSummary, jobResults } from '../../../shared/contract/jobs.js';
import { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { connectDatabase, createProject, DATABASE_FILE } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { JobManager } from './job-manager.js';
import { JobStore } from './job-store.js';
import type { TaskRunner } from './task-runner.js';
import { ThisThreadRunner } from './this-thread-runner.js';
import { WorkerPool } from './worker-pool.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function csv(path: string, rows: number): string {
  const lines = ['id,value'];
  for (let index = 0; index < rows; index++) lines.push(`${index},${index % 1000}`);
  const file = join(path, `rows-${rows}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function setUp(pool: TaskRunner = new WorkerPool(1)): { project: Project; jobs: JobManager; events: EventMessage[] } {
  const project = createProject(join(temporaryFolder('jobs'), 'project'));
  const bus = new EventBus();
  const events: EventMessage[] = [];
  bus.subscribe((event) => events.push(event));
  const jobs = new JobManager(pool, bus, 'app');
  cleanups.push(
    () => project.close(),
    async () => {
      await pool.close();
    },
  );
  return { project, jobs, events };
}

const states = (events: EventMessage[], id: string) => [
  ...new Set(
    events.flatMap((event) => (event.name === 'jobs.changed' && event.payload.id === id ? [event.payload.state] : [])),
  ),
];

describe('JobManager', () => {
  it('records a job from queued to succeeded, with progress, its log and its result', async () => {
    const { project, jobs, events } = setUp();
    const file = csv(project.path, 50_000);
    const job = jobs.start(project, 'import', { file, table: 'numbers', mode: 'create' });
    expect(job).toMatchObject({
      kind: 'import',
      origin: 'app',
      title: 'Import rows-50000.csv into numbers',
    });
    const ended = await jobs.ended(job.id);
    expect(ended.state).toBe('succeeded');
    expect(states(events, job.id)).toEqual(['queued', 'running', 'succeeded']);
    const stored = new JobStore(project.db).get(job.id);
    expect(stored.result).toMatchObject({ table: 'numbers', rowsImported: 50_000 });
    expect(stored.progress).toMatchObject({ stage: 'importing', unit: 'bytes', counts: { rowsImported: 50_000 } });
    expect(stored.startedAt).not.toBeNull();
    expect(stored.log.map((entry) => entry.message)).toEqual([
      '50,000 rows imported, 0 rows quarantined',
      expect.stringMatching(/^succeeded in \d+\.\d s$/),
    ]);
  });

  it('runs a job to its result, and throws the error of one that failed', async () => {
    const { project, jobs } = setUp();
    const file = csv(project.path, 10);
    expect(await jobs.run(project, 'import', { file, table: 'numbers', mode: 'create' })).toMatchObject({
      table: 'numbers',
      rowsImported: 10,
    });
    await expect(jobs.run(project, 'table-stats', { source: 'nowhere' })).rejects.toMatchObject({
      code: 'job_failed',
      message: expect.stringContaining('nowhere'),
    });
  });

  it('gives the result of a job on this thread as stored, unchecked, and the contract takes it unchanged', async () => {
    const { project, jobs } = setUp(new ThisThreadRunner());
    const file = join(project.path, 'mixed.csv');
    writeFileSync(file, 'id,value,label\n1,0.5,a\n2,x,b\n3,,c\n4,2.5,\n');
    const params = { file, table: 'mixed', mode: 'create' as const, columns: undefined };
    const result = await jobs.run(project, 'import', { ...params, maxQuarantined: 5 });
    expect(result).toMatchObject({ rowsImported: 4, rowsQuarantined: 0 });
    const strict = await jobs.run(project, 'import', {
      ...params,
      table: 'typed',
      columns: [
        { source: 'id', name: 'id', type: 'integer', format: null, skip: false },
        { source: 'value', name: 'value', type: 'real', format: null, skip: false },
        { source: 'label', name: 'label', type: 'text', format: null, skip: false },
      ],
    });
    expect(strict).toMatchObject({ rowsImported: 3, rowsQuarantined: 1, quarantine: [{ rowNumber: 2 }] });
    for (const given of [result, strict]) expect(jobResults.import.parse(given)).toStrictEqual(given);
    await expect(jobs.run(project, 'table-stats', { source: 'nowhere' })).rejects.toMatchObject({ code: 'job_failed' });
  });

  it('cancels a running import: its thread stops, the job is cancelled, the old table is as it was', async () => {
    const { project, jobs } = setUp();
    await jobs.ended(
      jobs.start(project, 'import', { file: csv(project.path, 1000), table: 'numbers', mode: 'create' }).id,
    );
    const big = csv(project.path, 1_500_000);
    const replacing = jobs.start(project, 'import', { file: big, table: 'numbers', mode: 'replace' });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (new JobStore(project.db).summary(replacing.id).state === 'running') {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    expect(jobs.cancel(project.db, replacing.id)).toBe(true);
    const ended = await jobs.ended(replacing.id);
    expect(ended).toMatchObject({ state: 'cancelled', error: 'cancelled by the user' });
    expect(project.db.prepare('SELECT count(*) AS n FROM numbers').get()).toEqual({ n: 1000 });
    expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(jobs.cancel(project.db, replacing.id)).toBe(false);
  });

  it.each<{ algorithm: 'kmeans' | 'gbdt'; label: string | null; params: Record<string, number> }>([
    { algorithm: 'kmeans', label: null, params: { k: 8, n_init: 1000 } },
    // 200,000 rows: boosted trees sum their histograms with a helper thread, which must stop too.
    { algorithm: 'gbdt', label: 'value', params: { n_estimators: 100_000 } },
  ])(
    'cancels a $algorithm training mid-way: the job is cancelled and no run or model is kept',
    async ({ algorithm, label, params }) => {
      const { project, jobs, events } = setUp();
      await jobs.ended(
        jobs.start(project, 'import', { file: csv(project.path, 200_000), table: 'numbers', mode: 'create' }).id,
      );
      const training = jobs.start(project, 'train', {
        table: 'numbers',
        label,
        algorithm,
        params,
        features: ['id'],
        validTable: null,
        validFraction: 0,
        seed: 0,
        register: 'trained',
        out: null,
      });
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (events.some((event) => event.name === 'jobs.progress' && event.payload.jobId === training.id)) {
            clearInterval(poll);
            resolve();
          }
        }, 5);
      });
      expect(jobs.cancel(project.db, training.id)).toBe(true);
      expect(await jobs.ended(training.id)).toMatchObject({ state: 'cancelled' });
      expect(project.db.prepare('SELECT count(*) AS n FROM triad_runs').get()).toEqual({ n: 0 });
      expect(project.db.prepare('SELECT count(*) AS n FROM triad_model_versions').get()).toEqual({ n: 0 });
    },
    30_000,
  );

  it('stops a job that another process asked to cancel through the project', async () => {
    const { project, jobs } = setUp();
    const file = csv(project.path, 300_000);
    await jobs.ended(jobs.start(project, 'import', { file, table: 'numbers', mode: 'create' }).id);
    // The one thread is busy reading statistics, so the import waits in the queue.
    const reading = jobs.start(project, 'table-stats', { source: 'numbers' });
    const waiting = jobs.start(project, 'import', { file, table: 'copy', mode: 'create' });
    expect(waiting.state).toBe('queued');
    const other = connectDatabase(join(project.path, DATABASE_FILE));
    cleanups.push(() => {
      other.close();
    });
    new JobStore(other).requestCancel(waiting.id);
    expect((await jobs.ended(waiting.id)).state).toBe('cancelled');
    expect((await jobs.ended(reading.id)).state).toBe('succeeded');
    expect(project.db.prepare("SELECT name FROM sqlite_master WHERE name = 'copy'").get()).toBeUndefined();
  });

  it('marks the jobs of a process that died as interrupted, and leaves live ones alone', () => {
    const { project } = setUp();
    const store = new JobStore(project.db);
    const orphan = store.create({ id: 'orphan', kind: 'materialize', title: 'Materialize', params: {}, origin: 'cli' });
    store.started(orphan.id);
    project.db.prepare('UPDATE triad_jobs SET owner_pid = 2147483646 WHERE id = ?').run(orphan.id);
    const live = store.create({ id: 'live', kind: 'table-stats', title: 'Stats', params: {}, origin: 'app' });

    const interrupted: JobSummary[] = store.markInterrupted();
    expect(interrupted.map((job) => job.id)).toEqual(['orphan']);
    expect(store.get('orphan')).toMatchObject({
      state: 'interrupted',
      error: 'its process (a triad command, pid 2147483646) stopped while it ran',
      log: [expect.objectContaining({ level: 'error' })],
    });
    expect(store.summary(live.id).state).toBe('queued');
  });

  it('finds a job by the start of its id, and refuses unknown or ambiguous ones', () => {
    const { project } = setUp();
    const store = new JobStore(project.db);
    for (const id of ['abc-1', 'abd-2'])
      store.create({ id, kind: 'quality-run', title: id, params: {}, origin: 'cli' });
    expect(store.resolveId('abc')).toBe('abc-1');
    expect(() => store.resolveId('ab')).toThrow('ab starts the ids of several jobs: give more of it');
    expect(() => store.resolveId('zz')).toThrow('no job zz in this project');
    expect(() => store.resolveId('a%')).toThrow('no job a% in this project');
  });
});
