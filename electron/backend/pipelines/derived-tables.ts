import type Database from 'better-sqlite3';
import { type ColumnType, quoteIdentifier } from '../db/column-types.js';
import { type CatalogColumn, catalogColumns, recordTable } from '../db/table-catalog.js';
import { assertTableName } from '../ingest/table-names.js';

const STORAGE_TYPES: Record<string, ColumnType> = { integer: 'integer', real: 'real', text: 'text', blob: 'binary' };

/**
 * The catalog columns of a new table made by a query: a column taken from a table keeps that
 * table's type; a computed one gets the storage type of its first value (text when all are null).
 */
function derivedColumns(db: Database.Database, table: string, sql: string): CatalogColumn[] {
  const typeOf = db.prepare('SELECT type, format FROM triad_columns WHERE table_name = ? AND name = ?');
  return db
    .prepare(sql)
    .columns()
    .map((column): CatalogColumn => {
      const origin =
        column.table && column.column
          ? (typeOf.get(column.table, column.column) as { type: ColumnType; format: string | null } | undefined)
          : undefined;
      if (origin) return { name: column.name, type: origin.type, format: origin.format };
      const first = db
        .prepare(
          `SELECT typeof(${quoteIdentifier(column.name)}) AS storage FROM ${quoteIdentifier(table)} WHERE ${quoteIdentifier(column.name)} IS NOT NULL LIMIT 1`,
        )
        .get() as { storage: string } | undefined;
      return { name: column.name, type: STORAGE_TYPES[first?.storage ?? 'text'] ?? 'text', format: null };
    });
}

// Both take the write lock as their transactions begin (IMMEDIATE): a deferred one that read first
// fails at once, without waiting, when another connection (the runner recording a step) wrote meanwhile.

/**
 * Makes (or replaces) `table` from a query in one transaction, and records it in the catalog
 * with the query it was made from (lineage reads its sources there).
 */
export function replaceTableFromQuery(db: Database.Database, table: string, sql: string): number {
  assertTableName(table);
  return db
    .transaction(() => {
      db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
      db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS ${sql}`);
      recordTable(db, table, derivedColumns(db, table, sql), new Date().toISOString(), sql);
      return (db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`).get() as { n: number }).n;
    })
    .immediate();
}

/** Makes `table` from the listed rows (rowids) of `source`, in rowid order, with the source's column types. */
export function replaceTableWithRows(db: Database.Database, table: string, source: string, rowids: number[]): void {
  assertTableName(table);
  const columns = catalogColumns(db, source);
  db.transaction(() => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS triad_chosen_rows (id INTEGER PRIMARY KEY)');
    db.exec('DELETE FROM temp.triad_chosen_rows');
    const insert = db.prepare('INSERT INTO temp.triad_chosen_rows (id) VALUES (?)');
    for (const rowid of rowids) insert.run(rowid);
    db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
    db.exec(
      `CREATE TABLE ${quoteIdentifier(table)} AS SELECT * FROM ${quoteIdentifier(source)}
       WHERE rowid IN (SELECT id FROM temp.triad_chosen_rows) ORDER BY rowid`,
    );
    db.exec('DELETE FROM temp.triad_chosen_rows');
    // Lineage reads where a table came from in its query: the rows chosen came from the source.
    recordTable(
      db,
      table,
      columns,
      new Date().toISOString(),
      `SELECT * FROM ${quoteIdentifier(source)}`,
      rowids.length,
    );
  }).immediate();
}
