import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';

const QUERY_KINDS = 'SELECT, WITH … SELECT or VALUES';

function refused(message: string): TriadError {
  return new TriadError('invalid_input', message);
}

/**
 * Prepares SQL that a person wrote (a feature view's source, `triad sql`) and returns it only
 * when it is exactly one query that reads. SQLite itself decides: better-sqlite3 refuses a
 * second statement, `readonly` tells whether the statement writes, and a query is what SQLite's
 * grammar accepts as a view's body (which rules out PRAGMA, EXPLAIN, ATTACH and the like).
 * Preparing runs nothing.
 */
export function prepareUserQuery(db: Database.Database, sql: string): Database.Statement {
  let statement: Database.Statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    // better-sqlite3 reports statement counts as RangeErrors, SQLite's own errors as SqliteErrors.
    if (error instanceof RangeError && /more than one statement/.test(error.message))
      throw refused(
        `only one statement can run here, and this SQL holds more than one: keep a single query (${QUERY_KINDS})`,
      );
    if (error instanceof RangeError) throw refused(`the SQL holds no statement: write one query (${QUERY_KINDS})`);
    throw refused(`SQL error: ${(error as Error).message}`);
  }
  if (!statement.readonly)
    throw refused(`only a query that reads (${QUERY_KINDS}) can run here; this statement would change the project`);
  try {
    db.prepare(`CREATE TEMP VIEW triad_query_check AS ${sql}`);
  } catch (error) {
    throw refused(`only a query (${QUERY_KINDS}) can run here: ${(error as Error).message}`);
  }
  return statement;
}
