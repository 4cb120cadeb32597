import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/contract/jobs.js';
import { numbersImportInput, projectWithNumbersFile } from '../test-support/numbers-import.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { type LaunchProcess, type ProcessWorker, spawnProcess } from '../threads/spawn-process.js';
import { WorkerPool } from './worker-pool.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const pools: WorkerPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

const launched: ProcessWorker<unknown>[] = [];
const recordingLauncher: LaunchProcess = (entry, options, handlers) => {
  const worker = spawnProcess(entry, options, handlers);
  launched.push(worker as ProcessWorker<unknown>);
  return worker;
};
afterEach(() => {
  launched.length = 0;
});

const WORKER_KINDS = [
  ['threads', undefined],
  ['processes', recordingLauncher],
] as const;

describe.each(WORKER_KINDS)('WorkerPool on %s (compiled code)', (_kind, launchProcess) => {
  function newPool(size: number): WorkerPool {
    const pool = new WorkerPool(size, launchProcess);
    pools.push(pool);
    return pool;
  }

  it('warms a worker up for a task, which then runs on it; a warm worker never used ends with its pool', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 1_000);
    const pool = newPool(1);
    pool.warmUp('import');
    const imported = await pool.run('import', numbersImportInput(path, file)).result;
    expect(imported).toMatchObject({ table: 'numbers', rowsImported: 1_000 });
    const unused = new WorkerPool(1, launchProcess);
    unused.warmUp('import');
    expect(await unused.close()).toEqual({ terminated: 0 });
  });

  it('runs an import on a worker with progress, then serves the next task on the same worker', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 20_000);
    const pool = newPool(1);
    const progress: JobProgress[] = [];
    const imported = await pool.run('import', numbersImportInput(path, file), { onProgress: (p) => progress.push(p) })
      .result;
    expect(imported).toMatchObject({ table: 'numbers', rowsImported: 20_000, rowsQuarantined: 0, created: true });
    expect(progress.at(-1)).toMatchObject({ unit: 'bytes', counts: { rowsImported: 20_000 } });

    const stats = await pool.run('table-stats', { ...numbersImportInput(path, file), params: { source: 'numbers' } })
      .result;
    expect(stats.rowCount).toBe(20_000);
    expect(stats.columns.map((column) => column.name)).toEqual(['id', 'value', 'label']);
  });

  it('ends its workers on close without terminating them when they are idle', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 100);
    const pool = new WorkerPool(2, launchProcess);
    await pool.run('import', numbersImportInput(path, file)).result;
    expect(await pool.close()).toEqual({ terminated: 0 });
  });

  it("rejects with the task's own error, in the user's words", async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 10);
    const pool = newPool(1);
    await expect(
      pool.run('table-stats', { ...numbersImportInput(path, file), params: { source: 'no_such_table' } }).result,
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('queues beyond its workers and reports what runs and waits', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 200_000);
    const pool = newPool(1);
    const seen: string[] = [];
    pool.onChange((status) => seen.push(`${status.running}/${status.queued}`));
    const first = pool.run('import', numbersImportInput(path, file, 'first'));
    const second = pool.run('import', numbersImportInput(path, file, 'second'));
    expect(pool.status()).toEqual({ threads: 1, running: 1, queued: 1 });
    await Promise.all([first.result, second.result]);
    expect(pool.status()).toEqual({ threads: 1, running: 0, queued: 0 });
    expect(seen).toContain('1/1');
  });

  it('cancels a queued task before it starts, and a running import leaves no table behind', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 600_000);
    const pool = newPool(1);
    let started = false;
    const running = pool.run('import', numbersImportInput(path, file, 'big'), {
      onProgress: () => {
        if (!started) {
          started = true;
          running.cancel();
        }
      },
    });
    const queued = pool.run('import', numbersImportInput(path, file, 'later'));
    queued.cancel();
    await expect(queued.result).rejects.toMatchObject({ code: 'cancelled' });
    await expect(running.result).rejects.toMatchObject({ code: 'cancelled' });

    const stats = pool.run('table-stats', { ...numbersImportInput(path, file), params: { source: 'big' } });
    await expect(stats.result).rejects.toMatchObject({ code: 'not_found' });
  });
});

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** The nice value and scheduling policy of every thread of process `pid` (fields 19 and 41 of each thread's stat line). */
function threadPriorities(pid: number): Set<string> {
  return new Set(
    readdirSync(`/proc/${pid}/task`).map((thread) => {
      const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return `nice ${fields[16]}, policy ${fields[38]}`;
    }),
  );
}
const background = new Set([`nice 10, policy ${SCHED_OTHER}`]);
const yielding = new Set([`nice 19, policy ${SCHED_IDLE}`]);

describe.runIf(process.platform === 'linux')('WorkerPool on processes: priority', () => {
  it('runs jobs in a process of its own, every thread of it at background priority', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 1_000);
    const pool = new WorkerPool(1, recordingLauncher);
    pools.push(pool);
    await pool.run('import', numbersImportInput(path, file)).result;
    const pid = launched[0]?.pid as number;
    expect(pid).not.toBe(process.pid);
    expect(readdirSync(`/proc/${pid}/task`).length).toBeGreaterThan(3);
    expect(threadPriorities(pid)).toEqual(background);
  });

  it('starts a worker needed while models are served at the lowest priority', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 1_000);
    const pool = new WorkerPool(1, recordingLauncher);
    pools.push(pool);
    pool.giveWayToServing(true);
    await pool.run('import', numbersImportInput(path, file)).result;
    expect(threadPriorities(launched[0]?.pid as number)).toEqual(yielding);
  });

  it('gives way while models are served, and comes back with a new process once serving ends', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('pool'), 1_000);
    const pool = new WorkerPool(1, recordingLauncher);
    pools.push(pool);
    await pool.run('import', numbersImportInput(path, file)).result;
    const first = launched[0] as ProcessWorker<unknown>;

    pool.giveWayToServing(true);
    expect(threadPriorities(first.pid as number)).toEqual(yielding);
    await pool.run('table-stats', { ...numbersImportInput(path, file), params: { source: 'numbers' } }).result;
    expect(launched).toHaveLength(1);

    pool.giveWayToServing(false);
    await first.exited;
    const stats = await pool.run('table-stats', { ...numbersImportInput(path, file), params: { source: 'numbers' } })
      .result;
    expect(stats.rowCount).toBe(1_000);
    expect(launched).toHaveLength(2);
    expect(threadPriorities(launched[1]?.pid as number)).toEqual(background);
  });
});
