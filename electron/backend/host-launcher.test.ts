import { describe, expect, it } from 'vitest';
import { type HostPort, launchThroughHost } from './host-launcher.js';
import type { BackendToHost, HostToBackend } from './host-messages.js';
import type { ElectronPort } from './threads/parent-channel.js';

type PortListener = (event: { data: unknown; ports: ElectronPort[] }) => void;

/** Stand-ins for Electron's MessagePortMain and the backend's parentPort, recording what is sent. */
class FakePort implements ElectronPort {
  readonly sent: unknown[] = [];
  private listener: PortListener = () => {};
  started = false;
  closed = false;
  on(event: 'message' | 'close', listener: PortListener | (() => void)): void {
    if (event === 'message') this.listener = listener as PortListener;
  }
  once(): void {}
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  receive(data: unknown): void {
    this.listener({ data, ports: [] });
  }
}

class FakeHost implements HostPort {
  readonly sent: BackendToHost[] = [];
  private listeners: ((event: { data: HostToBackend; ports: ElectronPort[] }) => void)[] = [];
  on(_event: 'message', listener: (event: { data: HostToBackend; ports: ElectronPort[] }) => void): void {
    this.listeners.push(listener);
  }
  postMessage(message: BackendToHost): void {
    this.sent.push(message);
  }
  say(data: HostToBackend, ports: ElectronPort[] = []): void {
    for (const listener of this.listeners) listener({ data, ports });
  }
}

const POOL_WORKER = new URL('./jobs/pool-worker.js', import.meta.url);

function launchOne() {
  const host = new FakeHost();
  const received: unknown[] = [];
  const failures: Error[] = [];
  const worker = launchThroughHost(host)<unknown, unknown>(
    POOL_WORKER,
    { name: 'a job process', args: ['--niceness', '10'], niceness: 10 },
    { message: (message) => received.push(message), failed: (error) => failures.push(error) },
  );
  return { host, worker, received, failures };
}

describe('launchThroughHost', () => {
  it('asks the main process for the worker by its path inside the backend, and keeps what is posted until the port arrives', () => {
    const { host, worker, received } = launchOne();
    expect(host.sent).toEqual([
      {
        kind: 'launch',
        id: 1,
        entry: 'jobs/pool-worker.js',
        args: ['--niceness', '10'],
        name: 'a job process',
        niceness: 10,
      },
    ]);
    worker.post('first');
    worker.post('second');
    expect(worker.pid).toBeUndefined();

    const port = new FakePort();
    host.say({ kind: 'launched', id: 1, pid: 4242 }, [port]);
    expect(port.started).toBe(true);
    expect(port.sent).toEqual(['first', 'second']);
    expect(worker.pid).toBe(4242);
    worker.post('third');
    expect(port.sent).toEqual(['first', 'second', 'third']);
    port.receive({ kind: 'done' });
    expect(received).toEqual([{ kind: 'done' }]);
  });

  it('reports an exit before the work was delivered once, and none after finish()', async () => {
    const { host, worker, failures } = launchOne();
    host.say({ kind: 'launched', id: 1, pid: 1 }, [new FakePort()]);
    host.say({ kind: 'exited', id: 1, code: 3 });
    host.say({ kind: 'exited', id: 1, code: 3 });
    await worker.exited;
    expect(failures.map((error) => error.message)).toEqual(['a job process stopped unexpectedly (exit code 3)']);

    const second = launchOne();
    second.worker.finish();
    second.host.say({ kind: 'exited', id: 1, code: 0 });
    await second.worker.exited;
    expect(second.failures).toEqual([]);
  });

  it('terminates through the main process and reports the worker as stopped', async () => {
    const { host, worker, failures } = launchOne();
    const terminated = worker.terminate();
    expect(host.sent.at(-1)).toEqual({ kind: 'kill', id: 1 });
    host.say({ kind: 'exited', id: 1, code: 1 });
    await terminated;
    expect(failures).toMatchObject([{ code: 'cancelled', message: 'a job process was stopped' }]);
  });

  it('ignores what concerns other workers', () => {
    const { host, received, failures } = launchOne();
    host.say({ kind: 'launched', id: 99, pid: 1 }, [new FakePort()]);
    host.say({ kind: 'exited', id: 99, code: 1 });
    host.say({ kind: 'connect' });
    expect(received).toEqual([]);
    expect(failures).toEqual([]);
  });
});
