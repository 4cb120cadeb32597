import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { formatCount } from '../../../shared/format.js';
import type { Service, ServiceContext } from './service.js';

/**
 * A step worker's loop: it answers the runner's messages. Kept inline so the pool starts the
 * same way from sources (tests) and from the build.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => {
  if (message && message.kind === 'ping') parentPort.postMessage({ kind: 'pong', id: message.id });
});
parentPort.postMessage({ kind: 'ready' });
`;

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

function startWorker(index: number, context: ServiceContext, isStopping: () => boolean): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: `triad-step-worker-${index}` });
    worker.once('message', (message: { kind?: string }) => {
      if (message?.kind === 'ready') resolve(worker);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!isStopping()) context.reportFailure(`step worker ${index} exited unexpectedly (code ${code})`);
      reject(new Error(`step worker ${index} exited before it was ready (code ${code})`));
    });
  });
}

/** Runs pipeline steps off the backend's event loop, on a pool of worker threads. */
export function createPipelineRunnerService(workerCount = defaultWorkerCount()): Service {
  let workers: Worker[] = [];
  let stopping = false;

  return {
    id: 'pipeline-runner',
    async start(context) {
      stopping = false;
      const indices = Array.from({ length: workerCount }, (_, index) => index + 1);
      workers = await Promise.all(indices.map((index) => startWorker(index, context, () => stopping)));
      return { detail: `${formatCount(workers.length, 'step worker')} ready, no runs active` };
    },
    async stop() {
      stopping = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
      workers = [];
    },
  };
}
