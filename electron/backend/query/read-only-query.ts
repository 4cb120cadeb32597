import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnType } from '../ingest/column-types.js';
import { openSqlite } from '../project/open-sqlite.js';

export interface QueryColumn {
  name: string;
  /** The logical type when the column comes straight from an imported table's column. */
  type: ColumnType | null;
}

export interface QueryResult {
  columns: QueryColumn[];
  rows: unknown[][];
  /** True when more rows matched than `limit`. */
  truncated: boolean;
}

function catalogTypes(db: Database.Database): Map<string, ColumnType> {
  const types = new Map<string, ColumnType>();
  const rows = db.prepare('SELECT table_name, name, type FROM triad_columns').all() as {
    table_name: string;
    name: string;
    type: ColumnType;
  }[];
  for (const row of rows) types.set(`${row.table_name}\u0000${row.name}`.toLowerCase(), row.type);
  return types;
}

/**
 * Runs one statement on a read-only connection: a statement that would write is refused before
 * it runs, and SQLite's own messages (syntax, unknown table or column) reach the user verbatim.
 */
export function runReadOnlyQuery(dbFile: string, sql: string, limit: number): QueryResult {
  const db = openSqlite(dbFile, { readonly: true, fileMustExist: true });
  try {
    let statement: Database.Statement;
    try {
      statement = db.prepare(sql);
    } catch (error) {
      throw new TriadError('invalid_input', `SQL error: ${(error as Error).message}`);
    }
    if (!statement.reader) {
      throw new TriadError(
        'invalid_input',
        'only queries that read (SELECT, WITH …, PRAGMA reads) can run here; this statement would change the project',
      );
    }
    const types = catalogTypes(db);
    const columns = statement.columns().map((column) => ({
      name: column.name,
      type:
        column.table && column.column
          ? (types.get(`${column.table}\u0000${column.column}`.toLowerCase()) ?? null)
          : null,
    }));
    const rows: unknown[][] = [];
    let truncated = false;
    try {
      for (const row of statement.raw(true).iterate() as IterableIterator<unknown[]>) {
        if (rows.length >= limit) {
          truncated = true;
          break;
        }
        rows.push(row);
      }
    } catch (error) {
      throw new TriadError('invalid_input', `SQL error: ${(error as Error).message}`);
    }
    return { columns, rows, truncated };
  } finally {
    db.close();
  }
}
