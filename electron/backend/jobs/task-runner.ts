import type { JobKind, JobResult } from '../../../shared/contract/jobs.js';
import type { TaskInput } from './job-tasks.js';
import type { PoolTask, PoolTaskHandlers } from './worker-pool.js';

/** What runs jobs' tasks: the worker pool (WorkerPool), or the calling thread (ThisThreadRunner). */
export interface TaskRunner {
  /** Whether tasks run on the thread that asks for them (which then has no time to spare while they start). */
  readonly onThisThread: boolean;
  run<K extends JobKind>(task: K, input: TaskInput<K>, handlers?: PoolTaskHandlers): PoolTask<JobResult<K>>;
  /** Starts what a `task` needs ahead of it. */
  warmUp(task: JobKind): void;
  close(): Promise<unknown>;
}
