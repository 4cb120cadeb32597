import type { JobKind } from '../../../shared/contract/jobs.js';
import type { JobTask } from './job-tasks.js';

/** The function that runs `task`, with the tasks' code loaded (on first use: it is large). */
export async function loadJobTask<K extends JobKind>(task: K): Promise<JobTask<K>> {
  const { jobTasks } = await import('./job-tasks.js');
  return jobTasks[task] as JobTask<K>;
}
