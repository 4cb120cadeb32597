import type { ErrorBody } from '../../../shared/contract/errors.js';
import type { JobKind, JobLogEntry, JobProgress } from '../../../shared/contract/jobs.js';

/**
 * What the pool sends a thread: one task at a time, a cancel for the task it runs, and when to end;
 * and, before a task it expects, to load that task's code.
 */
export type PoolRequest =
  | { kind: 'run'; task: JobKind; input: unknown }
  | { kind: 'prepare'; task: JobKind }
  | { kind: 'cancel' }
  | { kind: 'exit' };

export type PoolReply =
  | { kind: 'progress'; progress: JobProgress }
  | { kind: 'log'; level: JobLogEntry['level']; message: string }
  | { kind: 'done'; result: unknown }
  | { kind: 'failed'; error: ErrorBody };

/** The argument that starts a pool worker as a process of its own, followed by the niceness of all its threads. */
export const NICENESS_ARG = '--niceness';
