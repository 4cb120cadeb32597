import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SQLITE_BINDING_ENV } from '../backend/host-messages.js';

/** Stand-ins for Electron's utility process and windows, recording what the shell sends. */
class FakeChild extends EventEmitter {
  readonly posted: { message: unknown; ports: number }[] = [];
  postMessage(message: unknown, ports: unknown[] = []) {
    this.posted.push({ message, ports: ports.length });
  }
  kill() {
    this.emit('exit', 1);
  }
}

class FakeWindow extends EventEmitter {
  readonly ports: string[] = [];
  isDestroyed() {
    return false;
  }
  postMessage(channel: string, _message: unknown, transfer: unknown[]) {
    if (transfer.length === 1) this.ports.push(channel);
  }
}

const children: FakeChild[] = [];
const forkOptions: { env?: NodeJS.ProcessEnv }[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (_entry: string, _args: string[], options: { env?: NodeJS.ProcessEnv }) => {
      forkOptions.push(options);
      const child = new FakeChild();
      children.push(child);
      return child;
    },
  },
  MessageChannelMain: class {
    port1 = {};
    port2 = {};
  },
}));

const { BackendProcess, backendEnvironment } = await import('./backend-process.js');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function newBackend(onFatal = vi.fn(), sqliteBinding: string | undefined = undefined) {
  return new BackendProcess({ entry: 'entry.js', appDataDir: '/data', modelPort: 0, sqliteBinding, onFatal });
}

beforeEach(() => {
  children.length = 0;
  forkOptions.length = 0;
});

describe('the backend’s environment', () => {
  it('names the SQLite binary built for Electron, keeping the rest of the shell’s environment', () => {
    const binding = '/app/native/electron-150/better_sqlite3.node';
    expect(backendEnvironment({ PATH: '/bin', TRIAD_HOME: '/h' }, binding)).toEqual({
      PATH: '/bin',
      TRIAD_HOME: '/h',
      [SQLITE_BINDING_ENV]: binding,
    });
  });

  it('never passes on a binary named in the shell’s own environment when the app’s copy is the one to use', () => {
    expect(backendEnvironment({ PATH: '/bin', [SQLITE_BINDING_ENV]: '/elsewhere/x.node' }, undefined)).toEqual({
      PATH: '/bin',
    });
  });

  it('is what every (re)started utility process gets', async () => {
    const backend = newBackend(vi.fn(), '/app/native/electron-150/better_sqlite3.node');
    void backend.start();
    children[0]?.emit('exit', 139);
    expect(forkOptions.map((options) => options.env?.[SQLITE_BINDING_ENV])).toEqual([
      '/app/native/electron-150/better_sqlite3.node',
      '/app/native/electron-150/better_sqlite3.node',
    ]);
  });
});

describe('BackendProcess', () => {
  it('gives a window that connects while the backend starts exactly one port, once it is ready', async () => {
    const backend = newBackend();
    const started = backend.start();
    const window = new FakeWindow();
    backend.connect(window as never);
    expect(window.ports).toEqual([]);
    children[0]?.emit('message', { kind: 'ready' });
    await started;
    await settle();
    expect(window.ports).toEqual(['triad:port']);
    expect(children[0]?.posted).toEqual([{ message: { kind: 'connect' }, ports: 1 }]);
  });

  it('gives a window that connects after start-up its port at once', async () => {
    const backend = newBackend();
    const started = backend.start();
    children[0]?.emit('message', { kind: 'ready' });
    await started;
    await settle();
    const window = new FakeWindow();
    backend.connect(window as never);
    expect(window.ports).toHaveLength(1);
  });

  it('restarts a crashed backend and hands every window a new port', async () => {
    const backend = newBackend();
    const window = new FakeWindow();
    const started = backend.start();
    backend.connect(window as never);
    children[0]?.emit('message', { kind: 'ready' });
    await started;
    await settle();
    children[0]?.emit('exit', 139);
    expect(children).toHaveLength(2);
    backend.connect(window as never);
    expect(window.ports).toHaveLength(1);
    children[1]?.emit('message', { kind: 'ready' });
    await settle();
    expect(window.ports).toHaveLength(2);
    expect(children[1]?.posted).toHaveLength(1);
  });

  it('gives up after repeated crashes and reports why', async () => {
    const onFatal = vi.fn();
    const backend = newBackend(onFatal);
    void backend.start();
    for (let crash = 0; crash < 6; crash += 1) children.at(-1)?.emit('exit', 134);
    expect(children).toHaveLength(6);
    expect(onFatal).toHaveBeenCalledWith('the backend crashed more than 5 times within a minute (last exit code 134)');
  });

  it('reports a backend that fails to start', async () => {
    const onFatal = vi.fn();
    const backend = newBackend(onFatal);
    const started = backend.start();
    children[0]?.emit('message', { kind: 'fatal', message: 'There is no folder at /x' });
    await expect(started).rejects.toThrow('There is no folder at /x');
    expect(onFatal).toHaveBeenCalledWith('There is no folder at /x');
  });
});
