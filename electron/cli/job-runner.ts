import { availableParallelism } from 'node:os';
import type { JobKind } from '../../shared/contract/jobs.js';
import type { TaskRunner } from '../backend/jobs/task-runner.js';
import { ThisThreadRunner } from '../backend/jobs/this-thread-runner.js';
import { WorkerPool } from '../backend/jobs/worker-pool.js';

/**
 * Jobs a command runs on its own thread (see ThisThreadRunner); the others on a worker thread, so
 * that Ctrl+C and the progress bar stay live through their long steps (a model's training).
 */
const ON_COMMAND_THREAD: ReadonlySet<JobKind> = new Set(['import']);

let prepared: TaskRunner | null = null;

function runnerFor(kind: JobKind): TaskRunner {
  return ON_COMMAND_THREAD.has(kind) ? new ThisThreadRunner() : new WorkerPool(availableParallelism());
}

/**
 * Readies what a job of `kind` will run on, and has it load the job's code (on a worker, while this
 * thread loads the command: the two take a core each instead of one after the other).
 */
export function prepareJobRunner(kind: JobKind): void {
  prepared ??= runnerFor(kind);
  prepared.warmUp(kind);
}

/** What runs the command's job of `kind`: the one prepared, or a new one. */
export function takeJobRunner(kind: JobKind): TaskRunner {
  const runner = prepared ?? runnerFor(kind);
  prepared = null;
  return runner;
}

/** Ends a worker started for a job the command did not run after all, so the process can exit. */
export async function closeUnusedJobRunner(): Promise<void> {
  await prepared?.close();
  prepared = null;
}
