import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { catalogColumns } from '../db/table-catalog.js';
import type { FrameColumn } from './preprocessing.js';

/**
 * A table's columns as trainers read them, in the table's row order: the named ones (every one
 * when none is named), read in one snapshot so a concurrent write cannot mix two versions.
 */
export function readTableFrame(db: Database.Database, table: string, names?: readonly string[]): FrameColumn[] {
  const catalog = catalogColumns(db, table);
  const chosen = names ? names.flatMap((name) => catalog.filter((column) => column.name === name)) : catalog;
  return db.transaction(() =>
    chosen.map((column) => ({
      name: column.name,
      type: column.type,
      values: db
        .prepare(`SELECT ${quoteIdentifier(column.name)} FROM ${quoteIdentifier(table)} ORDER BY rowid`)
        .pluck()
        .all(),
    })),
  )();
}
