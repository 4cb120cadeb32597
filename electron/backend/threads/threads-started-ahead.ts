import { spawnThread, type ThreadHandlers, type WorkerThread } from './spawn-thread.js';

/** A thread and where its messages go, which whoever takes it sets. */
interface StartedThread<Incoming, Outgoing> {
  thread: WorkerThread<Outgoing>;
  handlers: ThreadHandlers<Incoming>;
  failed: boolean;
}

export interface ThreadsStartedAhead<Incoming, Outgoing> {
  /** Starts threads until `count` wait for work; a waiting thread does not keep the process alive. */
  prepare(count: number): void;
  /**
   * A thread for `work`: one started ahead, told its work by a message, when one waits; else a new
   * one, given its work at its start. Its messages and its failure go to `handlers`.
   */
  start(work: Outgoing, handlers: ThreadHandlers<Incoming>): WorkerThread<Outgoing>;
}

/**
 * Threads of one kind started ahead of their work (while the caller does something else), so that
 * their start-up (an isolate, its modules) is not on the way when the work comes. The thread's
 * code takes its work from `workerData`, or, when that is null, from its first message.
 */
export function threadsStartedAhead<Incoming, Outgoing>(
  url: URL,
  name: string,
): ThreadsStartedAhead<Incoming, Outgoing> {
  const waiting: StartedThread<Incoming, Outgoing>[] = [];
  const spawn = (work: Outgoing | null): StartedThread<Incoming, Outgoing> => {
    const started: StartedThread<Incoming, Outgoing> = {
      handlers: { message: () => {}, failed: () => {} },
      failed: false,
      thread: spawnThread<Incoming, Outgoing>(
        url,
        { name, workerData: work },
        {
          message: (message) => started.handlers.message(message),
          failed: (error) => {
            started.failed = true;
            started.handlers.failed(error);
          },
        },
      ),
    };
    return started;
  };
  return {
    prepare(count) {
      while (waiting.length < count) {
        const started = spawn(null);
        started.thread.keepAlive(false);
        waiting.push(started);
      }
    },
    start(work, handlers) {
      const ready = waiting.pop();
      if (!ready || ready.failed) {
        if (ready) void ready.thread.terminate();
        const started = spawn(work);
        started.handlers = handlers;
        return started.thread;
      }
      ready.handlers = handlers;
      ready.thread.keepAlive(true);
      ready.thread.post(work);
      return ready.thread;
    },
  };
}
