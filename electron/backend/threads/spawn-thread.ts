import { type TransferListItem, Worker } from 'node:worker_threads';
import { TriadError } from '../../../shared/contract/errors.js';

export interface ThreadHandlers<Message> {
  message(message: Message): void;
  /** Called once if the thread fails or exits before `finish()`, with a message in the user's words. */
  failed(error: Error): void;
}

export interface Thread<Outgoing> {
  /** Sends a message; the buffers in `transfer` move to the thread instead of being copied. */
  post(message: Outgoing, transfer?: readonly ArrayBuffer[]): void;
  /** Marks the thread's work as delivered: its exit is expected from now on. */
  finish(): void;
  /** Stops the thread at once; its SQLite connections close, rolling back what they had not committed. */
  terminate(): Promise<void>;
  /** Settles when the thread has exited, however it ended. */
  exited: Promise<void>;
}

export interface WorkerThread<Outgoing> extends Thread<Outgoing> {
  /** Whether the thread keeps the process alive (it does from its start). */
  keepAlive(alive: boolean): void;
}

/**
 * How a worker's ending reaches its handlers, whether it is a thread or a process: messages until
 * its work is delivered (`finish`), and an error or an exit before that exactly once (`fail`).
 */
export function settlesOnce<Message>(handlers: ThreadHandlers<Message>) {
  let settled = false;
  return {
    message(message: Message): void {
      if (!settled) handlers.message(message);
    },
    fail(error: Error): void {
      if (settled) return;
      settled = true;
      handlers.failed(error);
    },
    finish(): void {
      settled = true;
    },
  };
}

/** A worker's ending in the user's words: stopped on purpose, or how it stopped unexpectedly. */
export function workerEndError(name: string, stopped: boolean, code: number | null, signal: string | null): Error {
  if (stopped) return new TriadError('cancelled', `${name} was stopped`);
  const how = code === null ? `signal ${signal}` : `exit code ${code}`;
  return new TriadError('internal', `${name} stopped unexpectedly (${how})`);
}

/**
 * Every worker thread of the backend starts here, so they all end the same way: an error or an
 * exit before the work was delivered reaches `failed` exactly once, naming what stopped.
 */
export function spawnThread<Incoming, Outgoing = never>(
  url: URL,
  options: { name: string; workerData?: unknown; transferList?: TransferListItem[] },
  handlers: ThreadHandlers<Incoming>,
): WorkerThread<Outgoing> {
  const worker = new Worker(url, {
    name: options.name,
    workerData: options.workerData,
    ...(options.transferList ? { transferList: options.transferList } : {}),
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const outcome = settlesOnce(handlers);
  let terminating = false;
  worker.on('message', outcome.message);
  worker.on('error', outcome.fail);
  worker.on('exit', (code) => outcome.fail(workerEndError(options.name, terminating, code, null)));
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    finish: outcome.finish,
    terminate: async () => {
      terminating = true;
      await worker.terminate();
    },
    exited,
    keepAlive: (alive) => (alive ? worker.ref() : worker.unref()),
  };
}
