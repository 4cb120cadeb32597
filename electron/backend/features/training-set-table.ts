import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { quoteIdentifier, SQLITE_STORAGE } from '../db/column-types.js';
import { ownerFolderOf, removeDeadOwnerFolders } from '../db/staging-tables.js';
import { recordTable } from '../db/table-catalog.js';
import { createRowInserter } from '../ingest/row-inserter.js';
import { type LoadColumn, TableLoadFile } from '../ingest/table-load-file.js';
import { assertTableName } from '../ingest/table-names.js';
import type { ValueColumn } from '../ingest/value-columns.js';
import type { TrainingSet } from './historical-retrieval.js';

const LOAD_SCHEMA = 'triad_training_rows';
const LOAD_TABLE = 'rows';
/** Rows handed to the load file at a time: its pages for them are held until they are written. */
const LOAD_BATCH_ROWS = 65_536;

function rowsOf(column: ValueColumn, start: number, end: number): ValueColumn {
  return column instanceof Float64Array ? column.subarray(start, end) : column.slice(start, end);
}

/**
 * Writes the training set's rows into a load file (table-load-file.ts): false, with the file
 * left unfinished, when a value would not be stored as given (SQLite would convert it).
 */
function writeLoadFile(path: string, trainingSet: TrainingSet, columns: readonly LoadColumn[]): boolean {
  const file = new TableLoadFile(path, LOAD_TABLE, columns);
  try {
    for (let start = 0; start < trainingSet.rowCount; start += LOAD_BATCH_ROWS) {
      const end = Math.min(trainingSet.rowCount, start + LOAD_BATCH_ROWS);
      if (
        !file.add(
          trainingSet.values.map((column) => rowsOf(column, start, end)),
          end - start,
        )
      )
        return false;
    }
    file.finish();
    return true;
  } finally {
    file.close();
  }
}

/** A training set's rows written ahead of the transaction that stores them. */
export interface StagedRows {
  /** The load file holding them; null when they go in through SQL (a value SQLite would convert). */
  loadFile: string | null;
  /** Removes the load file; call it once the rows are stored, or will not be. */
  discard(): void;
}

/** Writes the training set's rows into a load file (table-load-file.ts) in a folder of this process's own. */
export function stageTrainingSetRows(trainingSet: TrainingSet): StagedRows {
  const columns = loadColumns(trainingSet);
  removeDeadOwnerFolders();
  const folder = ownerFolderOf(`training-set-${randomUUID()}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const discard = () => rmSync(folder, { recursive: true, force: true });
  try {
    const path = join(folder, 'rows.sqlite');
    const written = TableLoadFile.holds(LOAD_TABLE, columns) && writeLoadFile(path, trainingSet, columns);
    return { loadFile: written ? path : null, discard };
  } catch (error) {
    discard();
    throw error;
  }
}

function loadColumns(trainingSet: TrainingSet): LoadColumn[] {
  return trainingSet.columns.map((column) => ({ name: column.name, storage: SQLITE_STORAGE[column.type] }));
}

/**
 * Writes a training set as a table of the project (replacing one of that name), in one
 * transaction with whatever `alsoInTransaction` writes (its record). The rows are staged first,
 * outside the transaction (`staged`, or here), into a load file that is then attached and copied
 * in whole (SQLite copies its records as they are), which costs far less than binding every
 * value; a value SQLite would convert sends all the rows through SQL instead.
 */
export function storeTrainingSet(
  db: Database.Database,
  table: string,
  trainingSet: TrainingSet,
  alsoInTransaction: () => void = () => {},
  staged?: StagedRows,
): void {
  assertTableName(table);
  const columns = loadColumns(trainingSet);
  const rows = staged ?? stageTrainingSetRows(trainingSet);
  try {
    if (rows.loadFile) db.prepare(`ATTACH ? AS ${LOAD_SCHEMA}`).run(rows.loadFile);
    try {
      const store = db.transaction(() => {
        const existing = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")
          .get(table);
        if (existing && !db.prepare('SELECT name FROM triad_tables WHERE name = ?').get(table)) {
          throw new TriadError(
            'already_exists',
            `table ${table} exists but was not made by Triad: choose another name`,
          );
        }
        db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
        db.exec(
          `CREATE TABLE ${quoteIdentifier(table)} (${columns.map((column) => `${quoteIdentifier(column.name)} ${column.storage}`).join(', ')})`,
        );
        if (rows.loadFile) db.exec(`INSERT INTO ${quoteIdentifier(table)} SELECT * FROM ${LOAD_SCHEMA}.${LOAD_TABLE}`);
        else {
          const inserter = createRowInserter(
            db,
            table,
            columns.map((column) => column.name),
          );
          inserter.addColumns(trainingSet.values, trainingSet.rowCount);
          inserter.flush();
        }
        recordTable(
          db,
          table,
          trainingSet.columns.map((column) => ({ name: column.name, type: column.type, format: null })),
          new Date().toISOString(),
        );
        alsoInTransaction();
      });
      store.immediate();
    } finally {
      if (rows.loadFile) db.exec(`DETACH ${LOAD_SCHEMA}`);
    }
  } finally {
    if (!staged) rows.discard();
  }
}
