import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { stagingFolderOf } from '../db/staging-tables.js';
import type { BatchColumn } from './coerce-batch.js';
import { type CheckpointedCommits, plainCommits } from './log-hand-off.js';
import { createRowInserter } from './row-inserter.js';
import { type LoadColumn, TableLoadFile } from './table-load-file.js';

/** Rows gathered in a load file before they are copied in: one short write transaction each. */
const ROWS_PER_COPY = 200_000;
const LOAD_SCHEMA = 'triad_load';
const LOAD_TABLE = 'rows';

export interface StagingWriter {
  /** Adds a batch's rows after those added before; they are in the table once `flush` returns. */
  add(columns: readonly BatchColumn[], rowCount: number): void;
  /** Copies the rows gathered so far into the table (call it between transactions). */
  flush(): void;
  /** Removes what is left of the load files; the writer is done. */
  close(): void;
}

/**
 * Writes an import's rows into its staging table. Rows are gathered in a load file (written
 * without SQLite, table-load-file.ts) in the staging table's folder (stagingFolderOf: dropping the
 * table, after a stopped thread or a killed process, removes it too), which is attached and
 * copied in whole every ROWS_PER_COPY rows, in a short transaction of its own. A batch the load file does not take
 * (a value SQLite would convert) goes in through SQL, after the rows gathered before it; so does
 * every batch when the table's columns are not exactly the imported ones (an append to a table
 * with more columns), since the copy takes the load file's columns as the table's, in order, and
 * when the table's schema is too long for a load file's first page.
 */
export function createStagingWriter(
  db: Database.Database,
  table: string,
  columns: readonly LoadColumn[],
  /** Runs each of the writer's commits (a load file's copy, a batch through SQL). */
  commits: CheckpointedCommits = plainCommits,
): StagingWriter {
  const sqlInserter = createRowInserter(
    db,
    table,
    columns.map((column) => column.name),
  );
  const sqlTransaction = db.transaction((batch: readonly BatchColumn[], rowCount: number) => {
    sqlInserter.addColumns(batch, rowCount);
    sqlInserter.flush();
  });
  const insertWithSql = (batch: readonly BatchColumn[], rowCount: number) =>
    commits(() => sqlTransaction.immediate(batch, rowCount));
  if (!sameColumns(db, table, columns) || !TableLoadFile.holds(LOAD_TABLE, columns)) {
    return { add: insertWithSql, flush() {}, close() {} };
  }
  // Owner-only, and never one that exists already: nothing but this writer's own files is attached.
  const folder = stagingFolderOf(table);
  mkdirSync(folder, { mode: 0o700 });
  let files = 0;
  let loadFile: TableLoadFile | null = null;
  const copyIn = db.transaction(() =>
    db.exec(`INSERT INTO ${quoteIdentifier(table)} SELECT * FROM ${LOAD_SCHEMA}.${LOAD_TABLE}`),
  );

  const flush = () => {
    if (!loadFile || loadFile.rowCount === 0) return;
    const path = loadFile.path;
    loadFile.finish();
    loadFile = null;
    db.prepare(`ATTACH ? AS ${LOAD_SCHEMA}`).run(path);
    // Read once, in order: a page cache of its own as large as the project's would only hold memory.
    db.pragma(`${LOAD_SCHEMA}.cache_size = -1024`);
    try {
      commits(() => copyIn.immediate());
    } finally {
      db.exec(`DETACH ${LOAD_SCHEMA}`);
      rmSync(path, { force: true });
    }
  };

  return {
    add(batch, rowCount) {
      if (!loadFile) {
        files += 1;
        loadFile = new TableLoadFile(join(folder, `${files}.sqlite`), LOAD_TABLE, columns);
      }
      if (loadFile.add(batch, rowCount)) {
        if (loadFile.rowCount >= ROWS_PER_COPY) flush();
        return;
      }
      flush();
      insertWithSql(batch, rowCount);
    },
    flush,
    close() {
      loadFile?.close();
      loadFile = null;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Whether the table's columns are these, in this order, with these declared types. */
function sameColumns(db: Database.Database, table: string, columns: readonly LoadColumn[]): boolean {
  const actual = db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as {
    name: string;
    type: string;
  }[];
  return (
    actual.length === columns.length &&
    actual.every((column, index) => column.name === columns[index]?.name && column.type === columns[index]?.storage)
  );
}
