import { type TransferListItem, Worker } from 'node:worker_threads';
import { TriadError } from '../../../shared/contract/errors.js';

export interface ThreadHandlers<Message> {
  message(message: Message): void;
  /** Called once if the thread fails or exits before `finish()`, with a message in the user's words. */
  failed(error: Error): void;
}

export interface Thread<Outgoing> {
  post(message: Outgoing): void;
  /** Marks the thread's work as delivered: its exit is expected from now on. */
  finish(): void;
  /** Stops the thread at once; its SQLite connections close, rolling back what they had not committed. */
  terminate(): Promise<void>;
  /** Settles when the thread has exited, however it ended. */
  exited: Promise<void>;
}

/**
 * Every worker thread of the backend starts here, so they all end the same way: an error or an
 * exit before the work was delivered reaches `failed` exactly once, naming what stopped.
 */
export function spawnThread<Incoming, Outgoing = never>(
  url: URL,
  options: { name: string; workerData?: unknown; transferList?: TransferListItem[] },
  handlers: ThreadHandlers<Incoming>,
): Thread<Outgoing> {
  const worker = new Worker(url, {
    name: options.name,
    workerData: options.workerData,
    ...(options.transferList ? { transferList: options.transferList } : {}),
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let settled = false;
  let terminating = false;
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    handlers.failed(error);
  };
  worker.on('message', (message: Incoming) => {
    if (!settled) handlers.message(message);
  });
  worker.on('error', fail);
  worker.on('exit', (code) =>
    fail(
      terminating
        ? new TriadError('cancelled', `${options.name} was stopped`)
        : new TriadError('internal', `${options.name} stopped unexpectedly (exit code ${code})`),
    ),
  );
  return {
    post: (message) => worker.postMessage(message),
    finish: () => {
      settled = true;
    },
    terminate: async () => {
      terminating = true;
      await worker.terminate();
    },
    exited,
  };
}
