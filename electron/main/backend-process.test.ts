import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

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
vi.mock('electron', () => ({
  utilityProcess: {
    fork: () => {
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

const { BackendProcess } = await import('./backend-process.js');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function newBackend(onFatal = vi.fn()) {
  return new BackendProcess({ entry: 'entry.js', appDataDir: '/data', modelPort: 0, onFatal });
}

beforeEach(() => {
  children.length = 0;
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
