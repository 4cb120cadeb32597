import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { type ProcessWorker, spawnProcess } from './spawn-process.js';
import { YIELDING_NICENESS } from './thread-priority.js';

/** Linux's number for idle scheduling, as /proc shows a thread's policy. */
const SCHED_IDLE = 5;

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

function script(source: string): URL {
  const file = join(temporaryFolder('process'), 'child.mjs');
  writeFileSync(file, source);
  return pathToFileURL(file);
}

function run(source: string, niceness = 0, finishOnMessage = false) {
  const messages: unknown[] = [];
  let worker!: ProcessWorker<unknown>;
  const ended = new Promise<Error | null>((resolve) => {
    worker = spawnProcess<unknown, unknown>(
      script(source),
      { name: 'the test process', args: ['--flag'], niceness },
      {
        message: (message) => {
          messages.push(message);
          if (finishOnMessage) {
            worker.finish();
            void worker.exited.then(() => resolve(null));
          }
        },
        failed: resolve,
      },
    );
  });
  return { worker, messages, ended };
}

describe('spawnProcess', () => {
  it('passes its arguments, carries structured messages both ways, and an exit after finish() is no failure', async () => {
    const { worker, messages, ended } = run(
      `process.on('message', (message) => { process.send({ echoed: message, args: process.argv.slice(2) }, () => process.disconnect()); });`,
      0,
      true,
    );
    worker.post({ when: new Date(0), values: new Map([['a', 1n]]) });
    expect(await ended).toBeNull();
    expect(messages).toEqual([{ echoed: { when: new Date(0), values: new Map([['a', 1n]]) }, args: ['--flag'] }]);
  });

  it('reports an exit before the work was delivered once, naming the process and the code', async () => {
    const { ended } = run('process.exit(3)');
    expect((await ended)?.message).toBe('the test process stopped unexpectedly (exit code 3)');
  });

  it('reports a process killed by a signal', async () => {
    const { ended } = run("process.kill(process.pid, 'SIGKILL')");
    expect((await ended)?.message).toBe('the test process stopped unexpectedly (signal SIGKILL)');
  });

  it('reports a terminated process as stopped, not as broken', async () => {
    const { worker, ended } = run('setInterval(() => {}, 1000)');
    await worker.terminate();
    expect(await ended).toMatchObject({ code: 'cancelled', message: 'the test process was stopped' });
  });

  it.runIf(process.platform === 'linux')('starts the process at the niceness asked for', async () => {
    const { worker, messages, ended } = run(
      `import { readFileSync } from 'node:fs';
       const stat = readFileSync('/proc/self/stat', 'utf8');
       process.send(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]), () => process.disconnect());`,
      7,
      true,
    );
    expect(await ended).toBeNull();
    expect(messages).toEqual([7]);
    expect(worker.pid).toBeGreaterThan(0);
  });

  it.runIf(process.platform === 'linux')(
    'starts a yielding process idle-scheduled from its first instruction, before it lowers itself',
    async () => {
      const { messages, ended } = run(
        `import { readFileSync } from 'node:fs';
         const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
         process.send({ niceness: Number(fields[16]), policy: Number(fields[38]) }, () => process.disconnect());`,
        YIELDING_NICENESS,
        true,
      );
      expect(await ended).toBeNull();
      expect(messages).toEqual([{ niceness: YIELDING_NICENESS, policy: SCHED_IDLE }]);
    },
  );
});
