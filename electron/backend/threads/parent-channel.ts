import { parentPort } from 'node:worker_threads';

/** A worker's line to whoever started it, whether it runs as a thread or as a process. */
export interface ParentChannel<Incoming, Outgoing> {
  onMessage(listener: (message: Incoming) => void): void;
  post(message: Outgoing): void;
  /** Ends the line; the worker ends once nothing else keeps it running. */
  close(): void;
}

/** The slice of Electron's MessagePortMain and process.parentPort used by the backend (which cannot import electron). */
export interface ElectronPort {
  on(event: 'message', listener: (event: { data: unknown; ports: ElectronPort[] }) => void): void;
  on(event: 'close', listener: () => void): void;
  once(event: 'message', listener: (event: { data: unknown; ports: ElectronPort[] }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/**
 * An Electron utility process started for the backend by the main process: the first message from
 * the main process carries the port the backend talks on. Messages posted before it are kept.
 */
function electronChannel<Incoming, Outgoing>(host: ElectronPort): ParentChannel<Incoming, Outgoing> {
  let port: ElectronPort | null = null;
  const unsent: Outgoing[] = [];
  const listeners: ((message: Incoming) => void)[] = [];
  host.once('message', ({ ports }) => {
    const backend = ports[0];
    if (!backend) process.exit(1);
    port = backend;
    backend.on('message', ({ data }) => {
      for (const listener of listeners) listener(data as Incoming);
    });
    backend.on('close', () => process.exit(0));
    backend.start();
    for (const message of unsent.splice(0)) backend.postMessage(message);
  });
  return {
    onMessage: (listener) => listeners.push(listener),
    post: (message) => (port ? port.postMessage(message) : unsent.push(message)),
    close: () => process.exit(0),
  };
}

/**
 * A Node child process: it ends when its parent disconnects, meant or not, so no worker outlives
 * the backend. Closing waits for messages still being sent: disconnecting under them fails.
 */
function childProcessChannel<Incoming, Outgoing>(): ParentChannel<Incoming, Outgoing> {
  let closing = false;
  let sending = 0;
  const disconnectWhenSent = () => {
    if (closing && sending === 0 && process.connected) process.disconnect();
  };
  process.once('disconnect', () => {
    if (!closing) process.exit(1);
  });
  return {
    onMessage: (listener) => process.on('message', (message) => listener(message as Incoming)),
    post: (message) => {
      if (!process.connected) return;
      sending += 1;
      process.send?.(message as object, () => {
        sending -= 1;
        disconnectWhenSent();
      });
    },
    close: () => {
      closing = true;
      // Not at once: messages that came before anyone listened are handed over in one go, and
      // Node fails (and the process with it) if the channel is gone before that ends.
      setImmediate(disconnectWhenSent);
    },
  };
}

export function parentChannel<Incoming, Outgoing>(): ParentChannel<Incoming, Outgoing> {
  const port = parentPort;
  if (port)
    return {
      onMessage: (listener) => port.on('message', listener),
      post: (message) => port.postMessage(message),
      close: () => port.close(),
    };
  const electronHost = (process as unknown as { parentPort?: ElectronPort }).parentPort;
  if (electronHost) return electronChannel(electronHost);
  if (process.send) return childProcessChannel();
  throw new Error('this module runs only as a worker thread or a child process');
}
