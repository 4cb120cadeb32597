import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendToHost, HostToBackend } from './host-messages.js';
import type { ElectronPort } from './threads/parent-channel.js';
import type { LaunchOptions, LaunchProcess, ProcessWorker } from './threads/spawn-process.js';
import { settlesOnce, type ThreadHandlers, workerEndError } from './threads/spawn-thread.js';

/** The backend utility process's line to the Electron main process. */
export interface HostPort {
  on(event: 'message', listener: (event: { data: HostToBackend; ports: ElectronPort[] }) => void): void;
  postMessage(message: BackendToHost): void;
}

const BACKEND_FOLDER = fileURLToPath(new URL('.', import.meta.url));

interface Launched {
  name: string;
  outcome: ReturnType<typeof settlesOnce<unknown>>;
  port: ElectronPort | null;
  pid: number | undefined;
  unsent: unknown[];
  stopping: boolean;
  exit(): void;
}

/**
 * Starts workers as Electron utility processes, which only the main process may create: it asks
 * the main process over `host`, which answers with a port to the new process and later its exit.
 */
export function launchThroughHost(host: HostPort): LaunchProcess {
  const launched = new Map<number, Launched>();
  let nextId = 1;
  host.on('message', ({ data, ports }) => {
    const worker = data.kind === 'launched' || data.kind === 'exited' ? launched.get(data.id) : undefined;
    if (!worker) return;
    if (data.kind === 'exited') {
      launched.delete(data.id);
      worker.port?.close();
      worker.outcome.fail(workerEndError(worker.name, worker.stopping, data.code, null));
      worker.exit();
      return;
    }
    const port = ports[0];
    if (data.kind !== 'launched' || !port) return;
    worker.port = port;
    worker.pid = data.pid;
    port.on('message', ({ data: message }) => worker.outcome.message(message));
    port.start();
    for (const message of worker.unsent.splice(0)) port.postMessage(message);
  });

  return <Incoming, Outgoing>(
    entry: URL,
    options: LaunchOptions,
    handlers: ThreadHandlers<Incoming>,
  ): ProcessWorker<Outgoing> => {
    const id = nextId++;
    let exit = () => {};
    const exited = new Promise<void>((resolve) => {
      exit = resolve;
    });
    const worker: Launched = {
      name: options.name,
      outcome: settlesOnce(handlers as ThreadHandlers<unknown>),
      port: null,
      pid: undefined,
      unsent: [],
      stopping: false,
      exit,
    };
    launched.set(id, worker);
    host.postMessage({
      kind: 'launch',
      id,
      entry: relative(BACKEND_FOLDER, fileURLToPath(entry)).split(sep).join('/'),
      args: options.args,
      name: options.name,
      niceness: options.niceness,
    });
    return {
      get pid() {
        return worker.pid;
      },
      post: (message) => (worker.port ? worker.port.postMessage(message) : worker.unsent.push(message)),
      finish: worker.outcome.finish,
      terminate: async () => {
        worker.stopping = true;
        if (launched.has(id)) host.postMessage({ kind: 'kill', id });
        await exited;
      },
      exited,
    };
  };
}
