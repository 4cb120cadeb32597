import { parentPort } from 'node:worker_threads';
import type { JobKind } from '../../../shared/contract/jobs.js';
import { errorBody } from '../error-body.js';
import { runInBackground } from '../threads/thread-priority.js';
import { type JobTask, jobTasks, type TaskContext, type TaskInput } from './job-tasks.js';
import type { PoolReply, PoolRequest } from './pool-messages.js';

/** A thread of the worker pool: runs the tasks it is sent, one at a time, until it is stopped. */
const port = parentPort;
if (!port) throw new Error('pool-thread runs only as a worker thread');
runInBackground();
const reply = (message: PoolReply) => port.postMessage(message);
let running: AbortController | null = null;

port.on('message', (request: PoolRequest) => {
  if (request.kind === 'cancel') {
    running?.abort();
    return;
  }
  if (request.kind === 'exit') {
    // The thread ends on its own once nothing is left to do: safer for native addons than being terminated.
    running?.abort();
    port.close();
    return;
  }
  const controller = new AbortController();
  running = controller;
  const context: TaskContext = {
    signal: controller.signal,
    progress: (progress) => reply({ kind: 'progress', progress }),
    log: (level, message) => reply({ kind: 'log', level, message }),
  };
  const task = jobTasks[request.task] as JobTask<JobKind>;
  task(request.input as TaskInput<JobKind>, context)
    .then(
      (result) => reply({ kind: 'done', result }),
      (error: unknown) => reply({ kind: 'failed', error: errorBody(error) }),
    )
    .finally(() => {
      if (running === controller) running = null;
    });
});
