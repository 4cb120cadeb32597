import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stagingFolderOf } from '../db/staging-tables.js';
import { type PackedText, packTexts } from './packed-text.js';
import { createStagingWriter } from './staging-writer.js';
import { type LoadColumn, TableLoadFile } from './table-load-file.js';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triad-staging-writer-'));
  db = new Database(join(dir, 'project.sqlite'));
  db.pragma('journal_mode = WAL');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const COLUMNS: LoadColumn[] = [
  { name: 'n', storage: 'INTEGER' },
  { name: 't', storage: 'TEXT' },
];
const loadFolderLeft = () => existsSync(stagingFolderOf('staged'));
const texts = (values: (string | null)[]) => packTexts(values) as PackedText;

describe('createStagingWriter', () => {
  it('keeps the rows in order when a batch the load file refuses goes in through SQL between others', () => {
    db.exec('CREATE TABLE staged (n INTEGER, t TEXT)');
    const writer = createStagingWriter(db, 'staged', COLUMNS);
    writer.add([Float64Array.from([1, 2]), texts(['a', 'b'])], 2);
    // A number in the TEXT column: SQLite stores the bound double as its text, so this batch takes
    // the SQL path.
    writer.add([Float64Array.from([3]), [42]], 1);
    writer.add([Float64Array.from([4, 5]), texts(['d', null])], 2);
    writer.flush();
    writer.close();
    expect(db.prepare('SELECT rowid, n, t, typeof(t) FROM staged ORDER BY rowid').raw().all()).toEqual([
      [1, 1, 'a', 'text'],
      [2, 2, 'b', 'text'],
      [3, 3, '42.0', 'text'],
      [4, 4, 'd', 'text'],
      [5, 5, null, 'null'],
    ]);
  });

  it('copies rows in with new rowids after those already in the table', () => {
    db.exec("CREATE TABLE staged (n INTEGER, t TEXT); INSERT INTO staged (rowid, n, t) VALUES (10, 0, 'kept')");
    const writer = createStagingWriter(db, 'staged', COLUMNS);
    writer.add([Float64Array.from([1]), texts(['new'])], 1);
    writer.flush();
    writer.close();
    expect(db.prepare('SELECT rowid, n, t FROM staged ORDER BY rowid').raw().all()).toEqual([
      [10, 0, 'kept'],
      [11, 1, 'new'],
    ]);
  });

  it('inserts through SQL a table whose schema is too long for a load file, as wide as SQLite allows', () => {
    // 1,500 columns with names of 60 characters: about 100,000 characters of CREATE TABLE.
    const wide: LoadColumn[] = Array.from({ length: 1500 }, (_, index) => ({
      name: `${'a_rather_long_and_descriptive_feature_column_name'.padEnd(55, '_')}${String(index).padStart(5, '0')}`,
      storage: 'REAL',
    }));
    expect(TableLoadFile.holds('rows', wide)).toBe(false);
    expect(TableLoadFile.holds('rows', wide.slice(0, 100))).toBe(true);
    db.exec(`CREATE TABLE staged (${wide.map((column) => `"${column.name}" REAL`).join(', ')})`);
    const writer = createStagingWriter(db, 'staged', wide);
    expect(loadFolderLeft()).toBe(false);
    writer.add(
      wide.map((_, index) => Float64Array.from([index, -index])),
      2,
    );
    writer.flush();
    writer.close();
    const [first, second] = db.prepare('SELECT * FROM staged ORDER BY rowid').raw().all() as number[][];
    expect(first).toEqual(wide.map((_, index) => index));
    expect(second?.[1499]).toBe(-1499);
  });

  it('inserts through SQL when the table has other columns than the imported ones', () => {
    db.exec('CREATE TABLE staged (n INTEGER, t TEXT, extra REAL)');
    const writer = createStagingWriter(db, 'staged', COLUMNS);
    expect(loadFolderLeft()).toBe(false);
    writer.add([Float64Array.from([1]), texts(['x'])], 1);
    writer.flush();
    writer.close();
    expect(db.prepare('SELECT n, t, extra FROM staged').raw().all()).toEqual([[1, 'x', null]]);
  });

  it('leaves no load file behind, whether the rows were copied in or given up', () => {
    db.exec('CREATE TABLE staged (n INTEGER, t TEXT)');
    const abandoned = createStagingWriter(db, 'staged', COLUMNS);
    abandoned.add([Float64Array.from([1]), texts(['never copied'])], 1);
    abandoned.close();
    const finished = createStagingWriter(db, 'staged', COLUMNS);
    finished.add([Float64Array.from([2]), texts(['copied'])], 1);
    finished.flush();
    finished.close();
    expect(loadFolderLeft()).toBe(false);
    expect(db.prepare('SELECT n FROM staged').pluck().all()).toEqual([2]);
    expect(db.prepare('PRAGMA database_list').all()).toHaveLength(1);
  });
});
