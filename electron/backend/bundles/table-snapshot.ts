import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { type CatalogColumn, catalogColumns } from '../db/table-catalog.js';
import { columnsParquet } from '../features/columns-parquet.js';
import type { StoredValue } from '../ingest/value-coercion.js';

export interface TableSnapshot {
  columns: CatalogColumn[];
  rows: number;
  /** The rows in rowid order as Parquet: the same rows give the same bytes. */
  parquet: Uint8Array;
}

/** A project table as Parquet, each column with the Parquet type of its logical type. */
export function tableSnapshot(db: Database.Database, table: string): TableSnapshot {
  const columns = catalogColumns(db, table);
  const list = columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const rows = db
    .prepare(`SELECT ${list} FROM ${quoteIdentifier(table)} ORDER BY rowid`)
    .raw()
    .safeIntegers()
    .all() as StoredValue[][];
  return {
    columns,
    rows: rows.length,
    parquet: columnsParquet(columns, rows.length, (column, row) => (rows[row] as StoredValue[])[column] as StoredValue),
  };
}
