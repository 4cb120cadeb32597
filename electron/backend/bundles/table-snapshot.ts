import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { type CatalogColumn, catalogColumns } from '../db/table-catalog.js';
import { rowGroupsParquet } from '../features/columns-parquet.js';
import type { StoredValue } from '../ingest/value-coercion.js';

export interface TableSnapshot {
  columns: CatalogColumn[];
  rows: number;
  /** The rows in rowid order as Parquet: the same rows give the same bytes. */
  parquet: Uint8Array;
}

/** Rows per Parquet row group: only one group's values are held as objects at once. */
const GROUP_ROWS = 100_000;

/** A project table as Parquet, each column with the Parquet type of its logical type. */
export function tableSnapshot(db: Database.Database, table: string): TableSnapshot {
  const columns = catalogColumns(db, table);
  const list = columns.map((column) => quoteIdentifier(column.name)).join(', ');
  // Each group starts after the last rowid read (an OFFSET would walk every earlier row again).
  const group = db
    .prepare(`SELECT rowid, ${list} FROM ${quoteIdentifier(table)} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
    .raw()
    .safeIntegers();
  let rows = 0;
  let after: bigint = -(2n ** 63n);
  const parquet = rowGroupsParquet(columns, GROUP_ROWS, (_offset, limit) => {
    const read = group.all(after, limit) as StoredValue[][];
    rows += read.length;
    if (read.length > 0) after = (read[read.length - 1] as StoredValue[])[0] as bigint;
    return read.map((row) => row.slice(1));
  });
  return { columns, rows, parquet };
}
