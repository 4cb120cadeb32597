import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { TableInfo } from '../../../shared/contract/schemas.js';
import type { ColumnType } from './column-types.js';
import { quoteIdentifier } from './column-types.js';

export interface CatalogColumn {
  name: string;
  type: ColumnType;
  format: string | null;
}

/**
 * Records a data table in the catalog: its row count always, and its columns when it was just
 * (re)created (null keeps the columns an append left unchanged). `madeBySql` is the query a
 * table was made from, which lineage reads its sources from; an import clears it.
 */
export function recordTable(
  db: Database.Database,
  table: string,
  columns: readonly CatalogColumn[] | null,
  now: string,
  madeBySql: string | null = null,
  /** When the caller knows it: counting a large table takes long inside a write transaction. */
  knownRows?: number,
): void {
  const rows =
    knownRows ?? (db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`).get() as { n: number }).n;
  db.prepare(
    `INSERT INTO triad_tables (name, row_count, created_at, updated_at, made_by_sql) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET row_count = excluded.row_count, updated_at = excluded.updated_at,
       made_by_sql = excluded.made_by_sql`,
  ).run(table, rows, now, now, madeBySql);
  if (!columns) return;
  db.prepare('DELETE FROM triad_columns WHERE table_name = ?').run(table);
  const insert = db.prepare(
    'INSERT INTO triad_columns (table_name, position, name, type, format) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [position, column] of columns.entries())
    insert.run(table, position, column.name, column.type, column.format);
}

interface TableRow {
  name: string;
  row_count: number;
  updated_at: string;
}

/** The imported and derived data tables, by name, with their row counts and column types. */
export function listTables(db: Database.Database): TableInfo[] {
  const columns = db.prepare('SELECT name, type, format FROM triad_columns WHERE table_name = ? ORDER BY position');
  return (db.prepare('SELECT name, row_count, updated_at FROM triad_tables ORDER BY name').all() as TableRow[]).map(
    (table): TableInfo => ({
      name: table.name,
      rows: table.row_count,
      updatedAt: table.updated_at,
      columns: columns.all(table.name) as TableInfo['columns'],
    }),
  );
}

/** Whether the project holds a data table of this name (an import or a training set made it). */
export function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare('SELECT 1 FROM triad_tables WHERE name = ?').get(name) !== undefined;
}

/** The rows the catalog counts in a data table; 0 for a table it does not know. */
export function catalogRowCount(db: Database.Database, table: string): number {
  const counted = db.prepare('SELECT row_count FROM triad_tables WHERE name = ?').pluck().get(table);
  return typeof counted === 'number' ? counted : 0;
}

/** A data table's catalogued columns in order; refuses an unknown table, naming those there are. */
export function catalogColumns(db: Database.Database, table: string): CatalogColumn[] {
  if (!hasTable(db, table)) {
    const names = db.prepare('SELECT name FROM triad_tables ORDER BY name').pluck().all() as string[];
    throw new TriadError(
      'not_found',
      `there is no table ${table} (${names.length === 0 ? 'the project has no table yet' : `tables: ${names.join(', ')}`})`,
    );
  }
  return db
    .prepare('SELECT name, type, format FROM triad_columns WHERE table_name = ? ORDER BY position')
    .all(table) as CatalogColumn[];
}
