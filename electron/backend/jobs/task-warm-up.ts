import type { JobKind } from '../../../shared/contract/jobs.js';

/**
 * What a task starts before its own code loads, on a core of its own meanwhile: an import's file
 * reader thread, which takes as long to start as the importing one.
 */
const STARTS_FIRST: Partial<Record<JobKind, () => Promise<void>>> = {
  import: async () => (await import('../ingest/reader-threads.js')).prepareReaderThread(),
};

/**
 * Readies a worker for a task of `kind` ahead of it: starts what the task starts first, then loads
 * the tasks' code (loaded here, not with the worker, so that the first start is not behind it).
 */
export async function warmUpTask(kind: JobKind): Promise<void> {
  await STARTS_FIRST[kind]?.();
  await (await import('./job-tasks.js')).prepareTask(kind);
}
