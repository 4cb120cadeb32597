import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isIdleScheduled } from './thread-priority.js';

const NORMAL_NICENESS = 0;
const BACKGROUND_NICENESS = 10;

/** The calling thread's nice value (field 19 of its stat line). */
function threadNiceness(read: typeof readFileSync): number {
  const stat = read('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** The nice value of a thread that called runInBackground(), and of a thread it started afterwards. */
function nicenessAfterRunInBackground(): Promise<{ own: number; started: number }> {
  const module = new URL('../../../dist/electron/backend/threads/thread-priority.js', import.meta.url).href;
  const nicenessSource = `(${threadNiceness.toString()})(require('node:fs').readFileSync)`;
  const source = `
    import { readFileSync } from 'node:fs';
    import { parentPort, Worker } from 'node:worker_threads';
    import { runInBackground } from ${JSON.stringify(module)};
    runInBackground();
    const own = (${threadNiceness.toString()})(readFileSync);
    const child = new Worker(${JSON.stringify(`require('node:worker_threads').parentPort.postMessage(${nicenessSource})`)}, { eval: true });
    child.once('message', (started) => parentPort.postMessage({ own, started }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('runInBackground', () => {
  it('lowers the priority of the calling thread and of the threads it starts, and only theirs', async () => {
    expect(await nicenessAfterRunInBackground()).toEqual({ own: BACKGROUND_NICENESS, started: BACKGROUND_NICENESS });
    expect(threadNiceness(readFileSync)).toBe(NORMAL_NICENESS);
  });
});

describe.runIf(process.platform === 'linux')('isIdleScheduled', () => {
  it('tells an idle-scheduled process (started through chrt) from one at normal priority', async () => {
    const idle = spawn('chrt', ['--idle', '0', 'sleep', '5'], { stdio: 'ignore' });
    try {
      // chrt sets the policy before it runs sleep: once sleep runs, the process is idle-scheduled.
      await expect.poll(() => readFileSync(`/proc/${idle.pid}/cmdline`, 'utf8').startsWith('sleep')).toBe(true);
      expect(isIdleScheduled(idle.pid as number)).toBe(true);
      expect(isIdleScheduled(process.pid)).toBe(false);
      expect(isIdleScheduled(2 ** 22 + 1)).toBe(false);
    } finally {
      idle.kill();
    }
  });
});
