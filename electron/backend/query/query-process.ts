import { TriadError } from '../../../shared/contract/errors.js';
import { runReadOnlyQuery } from './read-only-query.js';

/** Runs one read-only query sent by the parent process, replies, and exits. */
process.once('message', (request: { dbFile: string; sql: string; limit: number }) => {
  let reply: unknown;
  try {
    reply = { ok: true, result: runReadOnlyQuery(request.dbFile, request.sql, request.limit) };
  } catch (error) {
    reply = {
      ok: false,
      error:
        error instanceof TriadError
          ? error.toBody()
          : { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  }
  process.send?.(reply, () => process.exit(0));
});
