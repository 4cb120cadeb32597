import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { quoteIdentifier, SQLITE_STORAGE } from '../db/column-types.js';
import { createProject } from '../db/project-folder.js';
import { createRowInserter } from '../ingest/row-inserter.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import type { TrainingSet } from './historical-retrieval.js';
import { storeTrainingSet } from './training-set-table.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

/** More rows than the load file takes at once, so the rows go to it in several batches. */
const ROWS = 150_000;
const numbers = (make: (row: number) => number) => Float64Array.from({ length: ROWS }, (_, row) => make(row));

function everyType(): TrainingSet {
  return {
    columns: [
      { name: 'user', type: 'integer', view: null },
      { name: 'at', type: 'timestamp', view: null },
      { name: 'amount', type: 'real', view: 'spend' },
      { name: 'visits', type: 'integer', view: 'spend' },
      { name: 'active', type: 'boolean', view: 'spend' },
      { name: 'city', type: 'text', view: 'spend' },
      { name: 'meta', type: 'json', view: 'spend' },
      { name: 'blob', type: 'binary', view: 'spend' },
    ],
    values: [
      numbers((row) => row % 1_000),
      numbers((row) => 1.7e12 + row * 1_000),
      numbers((row) => (row % 7 === 0 ? Number.NaN : row / 3)),
      Array.from({ length: ROWS }, (_, row) => (row % 5 === 0 ? null : BigInt(row) * 2n ** 40n)),
      numbers((row) => (row % 9 === 0 ? Number.NaN : row % 2)),
      Array.from({ length: ROWS }, (_, row) => (row % 4 === 0 ? null : `city ${row % 13} ✓`)),
      Array.from({ length: ROWS }, (_, row) => JSON.stringify({ row })),
      Array.from({ length: ROWS }, (_, row) => (row % 6 === 0 ? null : Uint8Array.of(row % 256, 0))),
    ],
    rowCount: ROWS,
    skipped: [],
  };
}

/** The same rows inserted value by value through SQL, as a reference for how SQLite stores them. */
function storedThroughSql(db: Database.Database, table: string, trainingSet: TrainingSet): void {
  const columns = trainingSet.columns;
  db.exec(
    `CREATE TABLE ${table} (${columns.map((column) => `${quoteIdentifier(column.name)} ${SQLITE_STORAGE[column.type]}`).join(', ')})`,
  );
  const inserter = createRowInserter(
    db,
    table,
    columns.map((column) => column.name),
  );
  db.transaction(() => {
    inserter.addColumns(trainingSet.values, trainingSet.rowCount);
    inserter.flush();
  })();
}

/** Rows that differ between two tables, values and storage classes both. */
function differences(db: Database.Database, a: string, b: string, columns: readonly string[]): number {
  const typed = columns.map((column) => `${quoteIdentifier(column)}, typeof(${quoteIdentifier(column)})`).join(', ');
  const query = (table: string) => `SELECT rowid, ${typed} FROM ${table}`;
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM (${query(a)} EXCEPT ${query(b)})) + (SELECT count(*) FROM (${query(b)} EXCEPT ${query(a)})) AS differing`,
    )
    .get() as { differing: number };
  return row.differing;
}

function loadSchemasAttached(db: Database.Database): string[] {
  return (db.pragma('database_list') as { name: string }[])
    .map((database) => database.name)
    .filter((name) => name !== 'main');
}

function leftFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(`triad-owner-${process.pid}-training-set-`));
}

function openedProject() {
  return createProject(join(temporaryFolder('project'), 'p'));
}

describe('storeTrainingSet', () => {
  it('stores every row and type as SQL would, records the table, and leaves nothing attached or on disk', () => {
    const project = openedProject();
    const { db } = project;
    const trainingSet = everyType();
    storeTrainingSet(db, 'training', trainingSet);
    storedThroughSql(db, 'by_sql', trainingSet);
    const names = trainingSet.columns.map((column) => column.name);
    expect(db.prepare('SELECT count(*) AS n FROM training').get()).toEqual({ n: ROWS });
    expect(differences(db, 'training', 'by_sql', names)).toBe(0);
    expect(db.prepare("SELECT row_count FROM triad_tables WHERE name = 'training'").get()).toEqual({ row_count: ROWS });
    expect(loadSchemasAttached(db)).toEqual([]);
    expect(leftFolders()).toEqual([]);
    project.close();
  });

  it('stores values SQLite converts (text in a column of reals, a number in one of text) as SQL stores them', () => {
    const project = openedProject();
    const { db } = project;
    const trainingSet: TrainingSet = {
      columns: [
        { name: 'amount', type: 'real', view: 'spend' },
        { name: 'city', type: 'text', view: 'spend' },
      ],
      values: [
        ['12.5', 'n/a', 3, null],
        [7, 'Oslo', null, 1.5],
      ],
      rowCount: 4,
      skipped: [],
    };
    storeTrainingSet(db, 'training', trainingSet);
    storedThroughSql(db, 'by_sql', trainingSet);
    expect(differences(db, 'training', 'by_sql', ['amount', 'city'])).toBe(0);
    expect(db.prepare('SELECT amount, typeof(amount) AS type, city FROM training ORDER BY rowid').raw().all()).toEqual([
      [12.5, 'real', '7.0'],
      ['n/a', 'text', 'Oslo'],
      [3, 'real', null],
      [null, 'null', '1.5'],
    ]);
    project.close();
  });

  it('leaves the old table, nothing attached and no file behind when the transaction fails', () => {
    const project = openedProject();
    const { db } = project;
    const first = everyType();
    storeTrainingSet(db, 'training', {
      ...first,
      values: first.values.map((column) => column.slice(0, 10)),
      rowCount: 10,
    });
    expect(() =>
      storeTrainingSet(db, 'training', everyType(), () => {
        throw new Error('injected');
      }),
    ).toThrow('injected');
    expect(db.prepare('SELECT count(*) AS n FROM training').get()).toEqual({ n: 10 });
    expect(loadSchemasAttached(db)).toEqual([]);
    expect(leftFolders()).toEqual([]);
    project.close();
  });

  it('stores a training set without rows as an empty table with its columns', () => {
    const project = openedProject();
    const { db } = project;
    const empty = everyType();
    storeTrainingSet(db, 'training', {
      ...empty,
      values: empty.values.map((column) => column.slice(0, 0)),
      rowCount: 0,
    });
    expect(db.prepare('SELECT count(*) AS n FROM training').get()).toEqual({ n: 0 });
    expect(
      db
        .prepare('SELECT * FROM training')
        .columns()
        .map((column) => column.name),
    ).toEqual(empty.columns.map((column) => column.name));
    project.close();
  });

  it('refuses to replace a table Triad did not make, and writes nothing', () => {
    const project = openedProject();
    const { db } = project;
    db.exec('CREATE TABLE mine (a INTEGER)');
    expect(() => storeTrainingSet(db, 'mine', everyType())).toThrow(/table mine exists but was not made by Triad/);
    expect(db.prepare('SELECT count(*) AS n FROM mine').get()).toEqual({ n: 0 });
    expect(leftFolders()).toEqual([]);
    project.close();
  });
});
