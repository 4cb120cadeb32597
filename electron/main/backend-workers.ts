import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { MessageChannelMain, type MessagePortMain, type UtilityProcess, utilityProcess } from 'electron';
import { type BackendToHost, type HostToBackend, LAUNCHABLE_ENTRIES } from '../backend/host-messages.js';

type LaunchRequest = Extract<BackendToHost, { kind: 'launch' }>;

/** Lowers a new worker's priority at once (its main thread; the worker lowers the rest of its threads itself). */
function lowerPriority(pid: number | undefined, niceness: number): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, niceness);
  } catch {
    // It has exited already, or a sandbox refuses it.
  }
}

/**
 * The utility processes one backend asked for (its job workers), which only the main process may
 * start: each gets one end of a new channel and the backend the other; all end with the backend.
 */
export class BackendWorkers {
  private readonly workers = new Map<number, UtilityProcess>();

  constructor(
    private readonly backend: UtilityProcess,
    private readonly backendEntry: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  handle(message: BackendToHost): void {
    if (message.kind === 'launch') this.launch(message);
    else if (message.kind === 'kill') this.workers.get(message.id)?.kill();
  }

  endAll(): void {
    for (const worker of this.workers.values()) worker.kill();
    this.workers.clear();
  }

  private tellBackend(message: HostToBackend, ports: MessagePortMain[] = []): void {
    try {
      this.backend.postMessage(message, ports);
    } catch {
      // The backend is gone; endAll() follows.
    }
  }

  private launch({ id, entry, args, name, niceness }: LaunchRequest): void {
    if (!LAUNCHABLE_ENTRIES.includes(entry)) {
      this.tellBackend({ kind: 'exited', id, code: 1 });
      return;
    }
    const worker = utilityProcess.fork(join(dirname(this.backendEntry), entry), args, {
      serviceName: name,
      stdio: 'inherit',
      env: this.env,
    });
    this.workers.set(id, worker);
    const { port1, port2 } = new MessageChannelMain();
    worker.postMessage({ kind: 'connect' }, [port1]);
    worker.once('spawn', () => {
      lowerPriority(worker.pid, niceness);
      this.tellBackend({ kind: 'launched', id, pid: worker.pid }, [port2]);
    });
    worker.once('exit', (code) => {
      this.workers.delete(id);
      this.tellBackend({ kind: 'exited', id, code });
    });
  }
}
