import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** The calling thread's Linux scheduling policy (field 41 of its stat line). */
function threadPolicy(read: typeof readFileSync): number {
  const stat = read('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
}

/** The policy of a thread that called runInBackground(), and of a thread it started afterwards. */
function policiesAfterRunInBackground(): Promise<{ own: number; started: number }> {
  const module = new URL('../../../dist/electron/backend/threads/thread-priority.js', import.meta.url).href;
  const policySource = `(${threadPolicy.toString()})(require('node:fs').readFileSync)`;
  const source = `
    import { readFileSync } from 'node:fs';
    import { parentPort, Worker } from 'node:worker_threads';
    import { runInBackground } from ${JSON.stringify(module)};
    runInBackground();
    const own = (${threadPolicy.toString()})(readFileSync);
    const child = new Worker(${JSON.stringify(`require('node:worker_threads').parentPort.postMessage(${policySource})`)}, { eval: true });
    child.once('message', (started) => parentPort.postMessage({ own, started }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('runInBackground', () => {
  it('puts the calling thread and the threads it starts on idle scheduling, and only them', async () => {
    expect(await policiesAfterRunInBackground()).toEqual({ own: SCHED_IDLE, started: SCHED_IDLE });
    expect(threadPolicy(readFileSync)).toBe(SCHED_OTHER);
  });
});
