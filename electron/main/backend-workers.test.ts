import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendToHost } from '../backend/host-messages.js';

/** Stand-ins for Electron's utility processes, recording what the shell starts and sends. */
class FakeProcess extends EventEmitter {
  readonly posted: { message: unknown; ports: unknown[] }[] = [];
  pid: number | undefined = undefined;
  killed = false;
  postMessage(message: unknown, ports: unknown[] = []) {
    this.posted.push({ message, ports });
  }
  kill() {
    this.killed = true;
    this.emit('exit', 9);
  }
}

const forked: { entry: string; args: string[]; options: { serviceName?: string; env?: NodeJS.ProcessEnv } }[] = [];
const workers: FakeProcess[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (entry: string, args: string[], options: { serviceName?: string; env?: NodeJS.ProcessEnv }) => {
      forked.push({ entry, args, options });
      const worker = new FakeProcess();
      workers.push(worker);
      return worker;
    },
  },
  MessageChannelMain: class {
    port1 = 'port1';
    port2 = 'port2';
  },
}));

const { BackendWorkers } = await import('./backend-workers.js');

beforeEach(() => {
  forked.length = 0;
  workers.length = 0;
});

function shellFor() {
  const backend = new FakeProcess();
  const shell = new BackendWorkers(backend as never, '/app/dist/electron/backend/utility-process-entry.js', {
    PATH: '/bin',
  });
  return { backend, shell };
}

const launch = (id: number, entry = 'jobs/pool-worker.js'): BackendToHost => ({
  kind: 'launch',
  id,
  entry,
  args: ['--niceness', '19'],
  name: 'a job process',
  niceness: 19,
});

describe('BackendWorkers', () => {
  it('starts a worker beside the backend, gives each end of a channel to it and to the backend', () => {
    const { backend, shell } = shellFor();
    shell.handle(launch(1));
    expect(forked).toEqual([
      {
        entry: '/app/dist/electron/backend/jobs/pool-worker.js',
        args: ['--niceness', '19'],
        options: { serviceName: 'a job process', stdio: 'inherit', env: { PATH: '/bin' } },
      },
    ]);
    const worker = workers[0] as FakeProcess;
    expect(worker.posted).toEqual([{ message: { kind: 'connect' }, ports: ['port1'] }]);
    worker.pid = process.pid;
    worker.emit('spawn');
    expect(backend.posted).toEqual([{ message: { kind: 'launched', id: 1, pid: process.pid }, ports: ['port2'] }]);
    worker.emit('exit', 0);
    expect(backend.posted.at(-1)).toEqual({ message: { kind: 'exited', id: 1, code: 0 }, ports: [] });
  });

  it('starts nothing the backend may not start, and says so as an exit', () => {
    const { backend, shell } = shellFor();
    shell.handle(launch(7, '../../../../bin/sh'));
    expect(forked).toEqual([]);
    expect(backend.posted).toEqual([{ message: { kind: 'exited', id: 7, code: 1 }, ports: [] }]);
  });

  it('kills a worker when the backend asks, and every worker when the backend ends', () => {
    const { shell } = shellFor();
    shell.handle(launch(1));
    shell.handle(launch(2));
    shell.handle(launch(3));
    shell.handle({ kind: 'kill', id: 2 });
    expect(workers.map((worker) => worker.killed)).toEqual([false, true, false]);
    shell.endAll();
    expect(workers.map((worker) => worker.killed)).toEqual([true, true, true]);
  });
});
