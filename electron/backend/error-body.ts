import { type ErrorBody, TriadError } from '../../shared/contract/errors.js';

/** SQLite's result codes for a database another connection is writing to. */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']);

export const BUSY_MESSAGE =
  'the project is busy: an import, materialization or training-set build is writing to it; try again when it has finished';

/** What to tell a caller about any error: a TriadError as it is, a locked database as "busy", anything else as internal. */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof TriadError) return error.toBody();
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && BUSY_CODES.has(code)) return { code: 'unavailable', message: BUSY_MESSAGE };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
