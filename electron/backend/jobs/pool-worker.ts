import type { JobKind } from '../../../shared/contract/jobs.js';
import { errorBody } from '../error-body.js';
import { parentChannel } from '../threads/parent-channel.js';
import { lowerProcessPriority, runInBackground } from '../threads/thread-priority.js';
import type { TaskContext, TaskInput } from './job-tasks.js';
import { loadJobTask } from './load-job-task.js';
import { NICENESS_ARG, type PoolReply, type PoolRequest } from './pool-messages.js';
import { warmUpTask } from './task-warm-up.js';

/**
 * A worker of the pool: runs the tasks it is sent, one at a time, until it is stopped. It runs as
 * a thread (the CLI) or as a process of its own (the app, beside the model server), whose every
 * thread then takes the niceness it was started with.
 */
const channel = parentChannel<PoolRequest, PoolReply>();
const nicenessAt = process.argv.indexOf(NICENESS_ARG);
if (nicenessAt >= 0) lowerProcessPriority(0, Number(process.argv[nicenessAt + 1]));
else runInBackground();
let running: AbortController | null = null;

channel.onMessage((request) => {
  if (request.kind === 'cancel') {
    running?.abort();
    return;
  }
  if (request.kind === 'prepare') {
    // A failure to load shows when the task runs, in its own words.
    warmUpTask(request.task).catch(() => {});
    return;
  }
  if (request.kind === 'exit') {
    // The worker ends on its own once nothing is left to do: safer for native addons than being terminated.
    running?.abort();
    channel.close();
    return;
  }
  const controller = new AbortController();
  running = controller;
  const context: TaskContext = {
    signal: controller.signal,
    progress: (progress) => channel.post({ kind: 'progress', progress }),
    log: (level, message) => channel.post({ kind: 'log', level, message }),
  };
  loadJobTask(request.task)
    .then((runTask) => runTask(request.input as TaskInput<JobKind>, context))
    .then(
      (result) => channel.post({ kind: 'done', result }),
      (error: unknown) => channel.post({ kind: 'failed', error: errorBody(error) }),
    )
    .finally(() => {
      if (running === controller) running = null;
    });
});
