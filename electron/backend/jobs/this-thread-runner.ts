import { TriadError } from '../../../shared/contract/errors.js';
import type { JobKind, JobResult } from '../../../shared/contract/jobs.js';
import { errorBody } from '../error-body.js';
import { runInBackground } from '../threads/thread-priority.js';
import type { TaskInput } from './job-tasks.js';
import { loadJobTask } from './load-job-task.js';
import type { TaskRunner } from './task-runner.js';
import { warmUpTask } from './task-warm-up.js';
import type { PoolTask, PoolTaskHandlers } from './worker-pool.js';

/**
 * Runs tasks on the calling thread, at background priority as a pool worker would, its errors in
 * the words a pool worker would send. For a command line whose whole process is one import: the
 * import yields to the event loop between batches (so progress, Ctrl+C and cancels asked from
 * another process are seen) and reads its file on a thread of its own, so a worker thread would
 * only add a third runtime to start, and the import's code loaded twice, on cores the import fills.
 * A cancel stops the task at its next check; the thread cannot be stopped sooner.
 */
export class ThisThreadRunner implements TaskRunner {
  readonly onThisThread = true;

  constructor() {
    runInBackground();
  }

  warmUp(task: JobKind): void {
    // A failure to load shows when the task runs, in its own words.
    warmUpTask(task).catch(() => {});
  }

  run<K extends JobKind>(task: K, input: TaskInput<K>, handlers: PoolTaskHandlers = {}): PoolTask<JobResult<K>> {
    const controller = new AbortController();
    const result = (async () => {
      const runTask = await loadJobTask(task);
      if (controller.signal.aborted) throw new TriadError('cancelled', 'the job was cancelled before it started');
      handlers.onStart?.();
      try {
        return await runTask(input, {
          signal: controller.signal,
          progress: (progress) => handlers.onProgress?.(progress),
          log: (level, message) => handlers.onLog?.(level, message),
        });
      } catch (error) {
        throw TriadError.fromBody(errorBody(error));
      }
    })();
    return { result, cancel: () => controller.abort() };
  }

  async close(): Promise<void> {}
}
