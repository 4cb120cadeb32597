import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnType } from '../db/column-types.js';
import { openSqlite } from '../db/open-sqlite.js';
import { prepareUserQuery } from './user-query.js';

export interface QueryColumn {
  name: string;
  /** The logical type when the column comes straight from an imported table's column. */
  type: ColumnType | null;
}

export interface ReadOnlyQuery {
  columns: QueryColumn[];
  /** The rows as SQLite returns them: integers as BigInt (exact), BLOBs as bytes. */
  rows: IterableIterator<unknown[]>;
  close(): void;
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

/** SQLite's own messages (unknown table or column, not authorized) reach the user verbatim. */
export function sqlError(error: unknown): TriadError {
  return error instanceof TriadError
    ? error
    : new TriadError('invalid_input', `SQL error: ${(error as Error).message}`);
}

/**
 * Opens one user query on a read-only connection (see prepareUserQuery for what is accepted) and
 * returns its rows as an iterator, so a result of any size is read a row at a time.
 */
export function openReadOnlyQuery(dbFile: string, sql: string): ReadOnlyQuery {
  const db = openSqlite(dbFile, { readonly: true, fileMustExist: true });
  try {
    const statement = prepareUserQuery(db, sql);
    const types = catalogTypes(db);
    const columns = statement.columns().map((column) => ({
      name: column.name,
      type:
        column.table && column.column
          ? (types.get(`${column.table}\u0000${column.column}`.toLowerCase()) ?? null)
          : null,
    }));
    const rows = statement.safeIntegers(true).raw(true).iterate() as IterableIterator<unknown[]>;
    return {
      columns,
      rows,
      close: () => {
        rows.return?.();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw sqlError(error);
  }
}
