import { errorBody } from '../error-body.js';
import { runReadOnlyQuery } from './read-only-query.js';

/** Runs one read-only query sent by the parent process, replies, and exits. */
process.once('message', (request: { dbFile: string; sql: string; limit: number }) => {
  let reply: unknown;
  try {
    reply = { ok: true, result: runReadOnlyQuery(request.dbFile, request.sql, request.limit) };
  } catch (error) {
    reply = {
      ok: false,
      error: errorBody(error),
    };
  }
  process.send?.(reply, () => process.exit(0));
});
