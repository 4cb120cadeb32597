import { formatCount } from '../../../shared/format.js';
import type { PoolStatus, WorkerPool } from '../jobs/worker-pool.js';
import type { Service } from './service.js';

export function poolDetail(status: PoolStatus): string {
  const work =
    status.running === 0 && status.queued === 0
      ? 'idle'
      : `${formatCount(status.running, 'job')} running, ${formatCount(status.queued, 'job')} queued`;
  return `${formatCount(status.threads, 'worker thread')}: ${work}`;
}

/** Shows what the worker pool, which runs every job and later every pipeline step, really runs and holds queued. */
export function createPipelineRunnerService(pool: WorkerPool): Service {
  let unsubscribe: (() => void) | null = null;
  return {
    id: 'pipeline-runner',
    async start(context) {
      unsubscribe = pool.onChange((status) => context.reportDetail(poolDetail(status)));
      return { detail: poolDetail(pool.status()) };
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
