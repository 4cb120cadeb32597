import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TriadError } from '../../../shared/contract/errors.js';
import type { Reply } from '../../../shared/contract/wire.js';
import type { QueryResult } from './read-only-query.js';

/**
 * Runs a read-only query in a child process and kills it after `timeoutMs`: SQLite work inside
 * a native call can be stopped neither from its own thread nor by terminating a worker thread.
 */
export function runTimedQuery(dbFile: string, sql: string, limit: number, timeoutMs: number): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./query-process.js', import.meta.url)), [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      child.kill('SIGKILL');
      reject(
        new TriadError(
          'unavailable',
          `the query ran longer than ${timeoutMs / 1000} s and was stopped (raise the limit with --timeout)`,
        ),
      );
    }, timeoutMs);
    child.once('message', (reply: Reply) => {
      settled = true;
      clearTimeout(timer);
      if (reply.ok) resolve(reply.result as QueryResult);
      else reject(TriadError.fromBody(reply.error));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!settled) reject(new TriadError('internal', `the query process stopped unexpectedly (exit code ${code})`));
    });
    child.send({ dbFile, sql, limit });
  });
}
