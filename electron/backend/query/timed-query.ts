import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TriadError } from '../../../shared/contract/errors.js';
import type { QueryMessage, QueryRequest } from './query-messages.js';
import type { QueryColumn } from './read-only-query.js';

/** Receives a query's result as it is read. */
export interface QueryConsumer {
  columns(columns: QueryColumn[]): void | Promise<void>;
  /**
   * One batch of rows, a JSON array of display values (see displayQueryValue) per line; returning
   * false asks for no more rows: reading stops after the batch already being read.
   */
  rows(lines: string): boolean | Promise<boolean>;
}

export interface QuerySummary {
  /** Rows read, whether or not the consumer took them: all that matched up to the limit, unless stoppedEarly. */
  rowCount: number;
  /** True when more rows matched than the limit. */
  truncated: boolean;
  /** True when the consumer wanted no more rows before the last was read: more matched than rowCount, uncounted. */
  stoppedEarly: boolean;
}

/** Counts time only while it runs: the query's time, not the time spent writing its rows out. */
function stopwatch(limitMs: number, onExpired: () => void) {
  let remaining = limitMs;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    run() {
      startedAt = Date.now();
      timer = setTimeout(onExpired, remaining);
    },
    pause() {
      clearTimeout(timer);
      remaining -= Date.now() - startedAt;
    },
  };
}

/**
 * Runs a read-only query in a child process and streams its rows to `consumer` in batches; the
 * child reads the next batch only once the consumer has taken the last, so memory stays bounded
 * whatever the result's size. The query is killed once it has run `timeoutMs`: SQLite work
 * inside a native call can be stopped neither from its own thread nor by terminating a worker.
 */
export function runTimedQuery(
  request: QueryRequest,
  timeoutMs: number,
  consumer: QueryConsumer,
): Promise<QuerySummary> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./query-process.js', import.meta.url)), [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let finished = false;
    const clock = stopwatch(timeoutMs, () =>
      finish(() =>
        reject(
          new TriadError(
            'unavailable',
            `the query ran longer than ${timeoutMs / 1000} s and was stopped (raise the limit with --timeout)`,
          ),
        ),
      ),
    );
    function finish(outcome: () => void): void {
      if (finished) return;
      finished = true;
      clock.pause();
      child.kill('SIGKILL');
      outcome();
    }
    const handle = async (message: QueryMessage): Promise<void> => {
      if (finished) return;
      if (message.kind === 'end')
        return finish(() =>
          resolve({ rowCount: message.rowCount, truncated: message.truncated, stoppedEarly: message.stoppedEarly }),
        );
      if (message.kind === 'error') return finish(() => reject(TriadError.fromBody(message.error)));
      clock.pause();
      if (message.kind === 'columns') await consumer.columns(message.columns);
      else {
        const more = await consumer.rows(message.lines);
        if (!finished) child.send({ more });
      }
      if (!finished) clock.run();
    };
    // Messages are handled one after another, so batches are written in order.
    let queue = Promise.resolve();
    let answered = false;
    child.on('message', (message: QueryMessage) => {
      if (message.kind === 'end' || message.kind === 'error') answered = true;
      queue = queue.then(() => handle(message)).catch((error: unknown) => finish(() => reject(error)));
    });
    child.once('exit', (code) => {
      if (!answered)
        finish(() => reject(new TriadError('internal', `the query process stopped unexpectedly (exit code ${code})`)));
    });
    clock.run();
    child.send(request);
  });
}
