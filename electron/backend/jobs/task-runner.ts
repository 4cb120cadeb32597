import { Worker } from 'node:worker_threads';
import { TriadError } from '../../../shared/contract/errors.js';
import type { Reply } from '../../../shared/contract/wire.js';
import { type HeavyTaskName, type HeavyTasks, runHeavyTask } from './heavy-tasks.js';

/** Where heavy work runs: worker threads in the app; in process where workers cannot load sources (unit tests). */
export type JobRunner = 'worker' | 'in-process';

export class TaskRunner {
  constructor(private readonly runner: JobRunner) {}

  run<T extends HeavyTaskName>(
    projectDir: string,
    task: T,
    input: HeavyTasks[T]['input'],
    onProgress: (progress: HeavyTasks[T]['progress']) => void = () => {},
  ): Promise<HeavyTasks[T]['output']> {
    if (this.runner === 'in-process') return runHeavyTask(projectDir, task, input, onProgress);
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./task-worker.js', import.meta.url), {
        workerData: { projectDir, task, input },
      });
      let settled = false;
      worker.on('message', (message: Reply | { progress: HeavyTasks[T]['progress'] }) => {
        if ('progress' in message) return onProgress(message.progress);
        const reply = message;
        settled = true;
        if (reply.ok) resolve(reply.result as HeavyTasks[T]['output']);
        else reject(TriadError.fromBody(reply.error));
      });
      worker.once('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.once('exit', (code) => {
        if (!settled)
          reject(new TriadError('internal', `the ${task} task stopped unexpectedly (worker exit code ${code})`));
      });
    });
  }
}
