import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { catalogColumns } from '../db/table-catalog.js';
import type { FrameColumn } from './preprocessing.js';

/** A table's columns as trainers read them, in the table's row order. */
export function readTableFrame(db: Database.Database, table: string): FrameColumn[] {
  return catalogColumns(db, table).map((column) => ({
    name: column.name,
    type: column.type,
    values: db
      .prepare(`SELECT ${quoteIdentifier(column.name)} FROM ${quoteIdentifier(table)} ORDER BY rowid`)
      .pluck()
      .all(),
  }));
}
