import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { eachRow } from '../db/each-row.js';
import { catalogColumns } from '../db/table-catalog.js';
import type { FrameColumn } from './preprocessing.js';

/**
 * A table's columns as trainers read them, in the table's row order: the named ones (every one
 * when none is named), read in one scan of one snapshot with the catalog's types, so a concurrent
 * write cannot mix two versions (and one scan costs half of a scan per column).
 */
export function readTableFrame(db: Database.Database, table: string, names?: readonly string[]): FrameColumn[] {
  // The catalog and the rows in one snapshot: the types read match the values read.
  return db.transaction(() => {
    const catalog = catalogColumns(db, table);
    const chosen = names ? names.flatMap((name) => catalog.filter((column) => column.name === name)) : catalog;
    const values: unknown[][] = chosen.map(() => []);
    if (chosen.length > 0) {
      const sql = `SELECT ${chosen.map((column) => quoteIdentifier(column.name)).join(', ')} FROM ${quoteIdentifier(table)} ORDER BY rowid`;
      eachRow(db, sql, chosen.length, (row) => {
        for (let index = 0; index < row.length; index++) (values[index] as unknown[]).push(row[index]);
      });
    }
    return chosen.map((column, index) => ({
      name: column.name,
      type: column.type,
      values: values[index] as unknown[],
    }));
  })();
}
