import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SeededRandom, seededRandom } from '../../../shared/test-support/seeded-random.js';
import type { SqliteStorage } from '../db/column-types.js';
import type { BatchColumn } from './coerce-batch.js';
import { type PackedText, packTexts } from './packed-text.js';
import { createRowInserter } from './row-inserter.js';
import { type LoadColumn, TableLoadFile } from './table-load-file.js';
import type { StoredValue } from './value-coercion.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triad-load-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  127,
  128,
  -128,
  -129,
  32_767,
  32_768,
  -32_769,
  8_388_607,
  8_388_608,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  140_737_488_355_327,
  140_737_488_355_328,
  -140_737_488_355_329,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 62,
  -(2 ** 63),
  2 ** 63,
  2 ** 64,
  1.5,
  -2.25,
  1e300,
  5e-324,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  1_700_000_000_123,
];
const EDGE_TEXTS = [
  '',
  'a',
  'plain',
  'naïve café',
  '日本語のテキスト',
  'emoji 🎉 pair',
  '"quoted", comma',
  'x'.repeat(300),
];

function randomNumber(random: SeededRandom): number {
  if (random.chance(0.4)) return random.pick(EDGE_NUMBERS);
  const magnitude = 10 ** random.int(16);
  return random.chance(0.5) ? Math.round((random.next() - 0.5) * magnitude) : (random.next() - 0.5) * magnitude;
}

function randomText(random: SeededRandom): string | null {
  if (random.chance(0.1)) return null;
  return random.pick(EDGE_TEXTS) + (random.chance(0.5) ? String(random.int(1000)) : '');
}

/** A batch of every kind of column each storage takes, as the import's coercion makes them. */
function randomBatch(random: SeededRandom, rowCount: number): { columns: LoadColumn[]; values: BatchColumn[] } {
  const numbers = (fill: () => number) => Float64Array.from({ length: rowCount }, fill);
  const plain = (fill: () => StoredValue) => Array.from({ length: rowCount }, fill);
  const columns: LoadColumn[] = [];
  const values: BatchColumn[] = [];
  const add = (name: string, storage: SqliteStorage, column: BatchColumn) => {
    columns.push({ name, storage });
    values.push(column);
  };
  add(
    'int_typed',
    'INTEGER',
    numbers(() => randomNumber(random)),
  );
  add(
    'real_typed',
    'REAL',
    numbers(() => randomNumber(random)),
  );
  add(
    'blob_typed',
    'BLOB',
    numbers(() => randomNumber(random)),
  );
  add('text_packed', 'TEXT', packTexts(plain(() => randomText(random))) as PackedText);
  add(
    'int_plain',
    'INTEGER',
    plain(() =>
      random.chance(0.2)
        ? null
        : random.chance(0.3)
          ? random.pick([0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 40n, 9_007_199_254_740_993n])
          : randomNumber(random) || 7,
    ),
  );
  add(
    'blob_plain',
    'BLOB',
    plain(() =>
      random.chance(0.2)
        ? null
        : random.chance(0.5)
          ? Uint8Array.from({ length: random.int(40) }, () => random.int(256))
          : (randomText(random) ?? 'text'),
    ),
  );
  add(
    'text_plain',
    'TEXT',
    plain(() => randomText(random)),
  );
  return { columns, values };
}

const NOT_NAN = (column: BatchColumn): BatchColumn =>
  column instanceof Float64Array
    ? column
    : Array.isArray(column)
      ? column.map((value) => (typeof value === 'number' && Number.isNaN(value) ? null : value))
      : column;

/** Every value with its storage class, read back exactly (integers as bigints). */
function readBack(db: Database.Database, table: string, columns: readonly LoadColumn[]): unknown[][] {
  const list = columns.map((column) => `typeof("${column.name}"), "${column.name}"`).join(', ');
  return db.prepare(`SELECT rowid, ${list} FROM ${table} ORDER BY rowid`).raw().safeIntegers().all() as unknown[][];
}

function createTable(db: Database.Database, name: string, columns: readonly LoadColumn[]): void {
  db.exec(`CREATE TABLE ${name} (${columns.map((column) => `"${column.name}" ${column.storage}`).join(', ')})`);
}

/** Writes the batches through a load file and through SQL inserts; returns both tables' rows. */
function bothWays(batches: { columns: LoadColumn[]; values: BatchColumn[]; rowCount: number }[], pageSize?: number) {
  const columns = (batches[0] as { columns: LoadColumn[] }).columns;
  const path = join(dir, 'load.sqlite');
  const load = new TableLoadFile(path, 'rows', columns, pageSize);
  for (const batch of batches) expect(load.add(batch.values, batch.rowCount)).toBe(true);
  load.finish();
  const loaded = new Database(path, { readonly: true });
  expect(loaded.pragma('integrity_check', { simple: true })).toBe('ok');
  loaded.close();

  const db = new Database(join(dir, 'project.sqlite'));
  db.pragma('journal_mode = WAL');
  createTable(db, 'by_sql', columns);
  createTable(db, 'by_file', columns);
  const inserter = createRowInserter(
    db,
    'by_sql',
    columns.map((column) => column.name),
  );
  for (const batch of batches) inserter.addColumns(batch.values.map(NOT_NAN), batch.rowCount);
  inserter.flush();
  db.prepare('ATTACH ? AS load').run(path);
  const copy = 'INSERT INTO by_file SELECT * FROM load.rows';
  const plan = db.prepare(`EXPLAIN ${copy}`).all() as { opcode: string }[];
  db.exec(copy);
  db.exec('DETACH load');
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const result = {
    bySql: readBack(db, 'by_sql', columns),
    byFile: readBack(db, 'by_file', columns),
    copiedAsRecords: plan.some((step) => step.opcode === 'RowCell'),
  };
  db.close();
  return result;
}

describe('TableLoadFile', () => {
  it('stores every value as SQLite stores it through SQL, and the copy takes the records as they are', () => {
    const random = seededRandom(7);
    const batches = Array.from({ length: 4 }, () => ({ ...randomBatch(random, 2_500), rowCount: 2_500 }));
    const { bySql, byFile, copiedAsRecords } = bothWays(batches);
    expect(bySql).toHaveLength(10_000);
    expect(byFile).toEqual(bySql);
    expect(copiedAsRecords).toBe(true);
  });

  it('builds trees several levels deep, with rows spilling onto overflow pages, on small pages', () => {
    const random = seededRandom(8);
    const batches = Array.from({ length: 3 }, () => {
      const rowCount = 4_000;
      const texts = Array.from({ length: rowCount }, () =>
        random.chance(0.02) ? 'long 🎉 '.repeat(random.int(2_000)) : randomText(random),
      );
      return {
        columns: [
          { name: 'n', storage: 'INTEGER' as const },
          { name: 't', storage: 'TEXT' as const },
        ],
        values: [Float64Array.from({ length: rowCount }, () => randomNumber(random)), packTexts(texts) as PackedText],
        rowCount,
      };
    });
    const { bySql, byFile } = bothWays(batches, 512);
    expect(byFile).toEqual(bySql);
    const depth = new Database(join(dir, 'load.sqlite'), { readonly: true });
    // A 512-byte interior page holds about 34 children: 12,000 rows need more than two levels.
    const pages = depth
      .prepare("SELECT count(*) FROM dbstat WHERE name = 'rows' AND pagetype = 'internal'")
      .pluck()
      .get();
    const overflow = depth
      .prepare("SELECT count(*) FROM dbstat WHERE name = 'rows' AND pagetype = 'overflow'")
      .pluck()
      .get();
    depth.close();
    expect(pages).toBeGreaterThan(34);
    expect(overflow).toBeGreaterThan(0);
  });

  it('writes rows larger than a 64 KiB page through overflow chains', () => {
    const rowCount = 5;
    const texts = ['a'.repeat(65_501), 'b'.repeat(65_502), 'ü'.repeat(200_000), 'short', 'c'.repeat(1_000_000)];
    const batch = {
      columns: [
        { name: 'n', storage: 'INTEGER' as const },
        { name: 't', storage: 'TEXT' as const },
      ],
      values: [Float64Array.from([1, 2, 3, 4, 5]), packTexts(texts) as PackedText],
      rowCount,
    };
    const { bySql, byFile } = bothWays([batch]);
    expect(byFile).toEqual(bySql);
  });

  it('makes a valid empty table when no row was added', () => {
    const { bySql, byFile } = bothWays([
      { columns: [{ name: 'n', storage: 'REAL' }], values: [new Float64Array(0)], rowCount: 0 },
    ]);
    expect(byFile).toEqual([]);
    expect(bySql).toEqual([]);
  });

  it('refuses, writing nothing, a batch holding a value SQLite would convert', () => {
    const load = new TableLoadFile(join(dir, 'refused.sqlite'), 'rows', [
      { name: 'n', storage: 'INTEGER' },
      { name: 't', storage: 'TEXT' },
    ]);
    const texts = packTexts(['a', 'b']) as PackedText;
    expect(load.add([Float64Array.from([1, 2]), texts], 2)).toBe(true);
    expect(load.add([['12', 3], texts], 2)).toBe(false);
    expect(load.add([Float64Array.from([1, 2]), Float64Array.from([3, Number.NaN])], 2)).toBe(false);
    expect(load.add([Float64Array.from([1, 2]), [4, null]], 2)).toBe(false);
    // SQL binds a lone surrogate as its three bytes, which are not UTF-8: such text goes through SQL.
    expect(load.add([Float64Array.from([1, 2]), ['lone \ud800 surrogate', 'b']], 2)).toBe(false);
    expect(load.add([Float64Array.from([1, 2]), ['pair split \ud83c', '\udf89']], 2)).toBe(false);
    expect(load.rowCount).toBe(2);
    load.finish();
    const db = new Database(join(dir, 'refused.sqlite'), { readonly: true });
    expect(db.prepare('SELECT n, t FROM rows').raw().all()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    db.close();
  });
});
