import { availableParallelism } from 'node:os';
import type { JobKind } from '../../shared/contract/jobs.js';
import { WorkerPool } from '../backend/jobs/worker-pool.js';

let prepared: WorkerPool | null = null;

/**
 * Starts the worker a job of `kind` will run on, and has it load the job's code, while this thread
 * loads the command: the two take a core each instead of one after the other.
 */
export function prepareJobWorker(kind: JobKind): void {
  prepared ??= new WorkerPool(availableParallelism());
  prepared.warmUp(kind);
}

/** The pool with the prepared worker, for the job; null when none was prepared. */
export function takePreparedJobWorker(): WorkerPool | null {
  const pool = prepared;
  prepared = null;
  return pool;
}

/** Ends a worker started for a job the command did not run after all, so the process can exit. */
export async function closeUnusedJobWorker(): Promise<void> {
  await takePreparedJobWorker()?.close();
}
