import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { readParquet } from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnType } from '../db/column-types.js';
import { openParquetSource } from '../ingest/sources/parquet-source.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import { type ValueColumn, valueAt } from '../ingest/value-columns.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { joinedParts, type ParquetColumn, ParquetFileWriter, writeParquet } from './parquet-file-writer.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

interface TestColumn {
  name: string;
  type: ColumnType;
  values: ValueColumn;
}

const ROWS = 40_000;
const numbers = (make: (row: number) => number) => Float64Array.from({ length: ROWS }, (_, row) => make(row));
const plain = (make: (row: number) => StoredValue) => Array.from({ length: ROWS }, (_, row) => make(row));

/** Columns of every type, with and without nulls, held both as numbers and as plain values. */
function everyType(): TestColumn[] {
  return [
    { name: 'amount', type: 'real', values: numbers((row) => row * 0.25 - 100) },
    { name: 'score', type: 'real', values: numbers((row) => (row % 7 === 0 ? Number.NaN : -row / 3)) },
    { name: 'count', type: 'integer', values: numbers((row) => row * 1_000_003 - 5e9) },
    { name: 'user', type: 'integer', values: numbers((row) => (row % 5 === 0 ? Number.NaN : row % 13)) },
    {
      name: 'big',
      type: 'integer',
      values: plain((row) => (row % 3 ? BigInt(row % 4096) * 2n ** 50n - 2n ** 62n : null)),
    },
    { name: 'at', type: 'timestamp', values: numbers((row) => 1.7e12 + row * 1_000 - (row % 3) * 2e12) },
    { name: 'seen', type: 'timestamp', values: numbers((row) => (row % 4 === 0 ? Number.NaN : 86_400_000 * row)) },
    { name: 'day', type: 'date', values: numbers((row) => 86_400_000 * (row - 1_000)) },
    { name: 'flag', type: 'boolean', values: numbers((row) => (row % 9 === 0 ? Number.NaN : row % 2)) },
    { name: 'city', type: 'text', values: plain((row) => (row % 10 === 3 ? null : `city ${row % 17} ✓`)) },
    { name: 'note', type: 'text', values: plain((row) => (row % 3 ? `note ${row} — ${'x'.repeat(row % 90)}` : null)) },
    { name: 'meta', type: 'json', values: plain((row) => JSON.stringify({ row: row % 4 })) },
    { name: 'blob', type: 'binary', values: plain((row) => (row % 6 ? Uint8Array.of(row % 256, 0, 255) : null)) },
    { name: 'mixed', type: 'real', values: plain((row) => (row % 11 ? row / 2 : null)) },
    { name: 'nothing', type: 'real', values: numbers(() => Number.NaN) },
  ];
}

/** What a reader should give back for a stored value of a column type. */
function expectedValue(type: ColumnType, value: StoredValue): unknown {
  if (value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
    case 'real':
      return Number(value);
    case 'boolean':
      return Number(value) !== 0;
    case 'timestamp':
    case 'date':
      return new Date(Math.trunc(Number(value)));
    case 'json':
      return JSON.parse(String(value));
    default:
      return value;
  }
}

function parquet(columns: readonly ParquetColumn[], values: readonly ValueColumn[], rows: number): Uint8Array {
  return joinedParts(writeParquet(columns, values, rows));
}

function write(columns: TestColumn[], rows = ROWS): Uint8Array {
  return parquet(
    columns,
    columns.map((column) => column.values),
    rows,
  );
}

describe('ParquetFileWriter', () => {
  it('writes every column type so that hyparquet reads back each value, null and type', async () => {
    const columns = everyType();
    const bytes = write(columns);
    // Without utf8, byte arrays not annotated as text are read as bytes.
    const rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer, utf8: false });
    expect(rows).toHaveLength(ROWS);
    for (const { name, type, values } of columns)
      for (let row = 0; row < ROWS; row += 997)
        expect(rows[row]?.[name], `${name} row ${row}`).toEqual(expectedValue(type, valueAt(values, row)));
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    expect(metadata.schema.slice(1).map((element) => [element.name, element.type, element.converted_type])).toEqual([
      ['amount', 'DOUBLE', undefined],
      ['score', 'DOUBLE', undefined],
      ['count', 'INT64', undefined],
      ['user', 'INT64', undefined],
      ['big', 'INT64', undefined],
      ['at', 'INT64', 'TIMESTAMP_MILLIS'],
      ['seen', 'INT64', 'TIMESTAMP_MILLIS'],
      ['day', 'INT64', 'TIMESTAMP_MILLIS'],
      ['flag', 'BOOLEAN', undefined],
      ['city', 'BYTE_ARRAY', 'UTF8'],
      ['note', 'BYTE_ARRAY', 'UTF8'],
      ['meta', 'BYTE_ARRAY', 'JSON'],
      ['blob', 'BYTE_ARRAY', undefined],
      ['mixed', 'DOUBLE', undefined],
      ['nothing', 'DOUBLE', undefined],
    ]);
  });

  it("reads back whole through Triad's own Parquet import, with each column's declared type", async () => {
    const columns = everyType();
    const path = join(temporaryFolder(), 'set.parquet');
    writeFileSync(path, write(columns));
    const source = await openParquetSource(path);
    try {
      expect((await source.fields()).map((field) => field.declaredType)).toEqual([
        'real',
        'real',
        'integer',
        'integer',
        'integer',
        'timestamp',
        'timestamp',
        'timestamp',
        'boolean',
        'text',
        'text',
        'json',
        'binary',
        'real',
        'real',
      ]);
      let row = 0;
      for await (const batch of source.batches(5_000)) {
        for (const values of batch.rows) {
          if (row % 97 !== 0) {
            row += 1;
            continue;
          }
          columns.forEach(({ type, values: column }, index) => {
            const stored = valueAt(column, row);
            const read = values[index];
            if (stored === null) expect(read ?? null).toBeNull();
            else if (type === 'binary')
              expect(Buffer.from(read as Uint8Array)).toEqual(Buffer.from(stored as Uint8Array));
            // The import reads a whole number a double holds exactly as a number.
            else if (type === 'integer') expect(BigInt(read as number)).toBe(expectedValue(type, stored));
            else expect(read).toEqual(expectedValue(type, stored));
          });
          row += 1;
        }
      }
      expect(row).toBe(ROWS);
    } finally {
      await source.close();
    }
  });

  it('writes files that arrow-rs (the Rust Parquet reader, through parquet-wasm) reads back with each type and value', () => {
    const columns = everyType();
    const table = tableFromIPC(readParquet(write(columns)).intoIPCStream());
    expect(table.numRows).toBe(ROWS);
    expect(table.schema.fields.map((field) => `${field.name}: ${field.type}`)).toEqual([
      'amount: Float64',
      'score: Float64',
      'count: Int64',
      'user: Int64',
      'big: Int64',
      'at: Timestamp<MILLISECOND, UTC>',
      'seen: Timestamp<MILLISECOND, UTC>',
      'day: Timestamp<MILLISECOND, UTC>',
      'flag: Bool',
      'city: Utf8',
      'note: Utf8',
      'meta: Utf8',
      'blob: Binary',
      'mixed: Float64',
      'nothing: Float64',
    ]);
    for (const { name, type, values } of columns) {
      const read = table.getChild(name);
      for (let row = 0; row < ROWS; row += 997) {
        const stored = valueAt(values, row);
        const value = read?.get(row) ?? null;
        const expected =
          stored === null
            ? null
            : type === 'timestamp' || type === 'date'
              ? Math.trunc(Number(stored))
              : type === 'json' || type === 'text'
                ? stored
                : expectedValue(type, stored);
        expect(value, `${name} row ${row}`).toEqual(expected);
      }
    }
  });

  it('keeps each column chunk’s count of nulls and its least and greatest value', () => {
    const columns = everyType();
    const metadata = parquetMetadata(write(columns).buffer as ArrayBuffer);
    expect(metadata.row_groups).toHaveLength(1);
    const statistics = Object.fromEntries(
      (metadata.row_groups[0]?.columns ?? []).map((chunk) => [
        chunk.meta_data?.path_in_schema[0],
        chunk.meta_data?.statistics,
      ]),
    );
    expect(statistics.amount).toMatchObject({ null_count: 0n, min_value: -100, max_value: (ROWS - 1) * 0.25 - 100 });
    expect(statistics.score).toMatchObject({ null_count: BigInt(Math.ceil(ROWS / 7)), max_value: -1 / 3 });
    expect(statistics.user).toMatchObject({ null_count: BigInt(ROWS / 5), min_value: 0n, max_value: 12n });
    expect(statistics.big).toMatchObject({ min_value: -(2n ** 62n), max_value: 4095n * 2n ** 50n - 2n ** 62n });
    expect(statistics.flag).toMatchObject({ min_value: false, max_value: true });
    expect(statistics.city).toMatchObject({ min_value: 'city 0 ✓', max_value: 'city 9 ✓' });
    expect(statistics.nothing).toMatchObject({ null_count: BigInt(ROWS) });
    expect(statistics.nothing?.min_value).toBeUndefined();
  });

  it('writes repeating values of every kind through a dictionary, and the rest plainly', async () => {
    const rows = 20_000;
    const columns: TestColumn[] = [
      { name: 'kind', type: 'integer', values: Float64Array.from({ length: rows }, (_, row) => row % 101) },
      // A thousand distinct values, each new one among the first thousand rows.
      {
        name: 'price',
        type: 'real',
        values: Float64Array.from({ length: rows }, (_, row) => ((row * 7919) % 1000) / 8),
      },
      { name: 'day', type: 'date', values: Float64Array.from({ length: rows }, (_, row) => 86_400_000 * (row % 28)) },
      { name: 'big', type: 'integer', values: Array.from({ length: rows }, (_, row) => 2n ** 60n + BigInt(row % 3)) },
      { name: 'id', type: 'integer', values: Float64Array.from({ length: rows }, (_, row) => row) },
      // Keyed by number, -0 would come back as +0: such a column stays plain.
      { name: 'signed', type: 'real', values: Float64Array.from({ length: rows }, (_, row) => (row % 2 ? -0 : 1)) },
    ];
    const bytes = write(columns, rows);
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    const encodings = Object.fromEntries(
      (metadata.row_groups[0]?.columns ?? []).map((chunk) => [
        chunk.meta_data?.path_in_schema[0],
        chunk.meta_data?.encodings.includes('RLE_DICTIONARY') ? 'dictionary' : 'plain',
      ]),
    );
    expect(encodings).toEqual({
      kind: 'dictionary',
      price: 'dictionary',
      day: 'dictionary',
      big: 'dictionary',
      id: 'plain',
      signed: 'plain',
    });
    const read = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer });
    for (const { name, type, values } of columns)
      for (let row = 0; row < rows; row += 613)
        expect(read[row]?.[name], `${name} row ${row}`).toEqual(expectedValue(type, valueAt(values, row)));
    expect(Object.is(read[1]?.signed, -0)).toBe(true);
    const table = tableFromIPC(readParquet(bytes).intoIPCStream());
    expect(table.getChild('price')?.get(1)).toBe((7919 % 1000) / 8);
    expect(table.getChild('big')?.get(2)).toBe(2n ** 60n + 2n);
  });

  it('writes a value that is not text in a text column as its text, through a dictionary or not', async () => {
    const rows = 5_000;
    const columns: TestColumn[] = [
      { name: 'repeating', type: 'text', values: Array.from({ length: rows }, (_, row) => (row % 2 ? 'a' : 12)) },
      { name: 'unique', type: 'text', values: Array.from({ length: rows }, (_, row) => (row % 2 ? `a${row}` : 12)) },
    ];
    const read = await parquetReadObjects({ file: write(columns, rows).buffer as ArrayBuffer });
    expect([read[0]?.repeating, read[0]?.unique, read[1]?.repeating, read[1]?.unique]).toEqual(['12', '12', 'a', 'a1']);
  });

  it('leaves out bounds longer than 64 bytes', () => {
    const values = [['a', 'z'.repeat(65)]];
    const metadata = parquetMetadata(parquet([{ name: 't', type: 'text' }], values, 2).buffer as ArrayBuffer);
    const statistics = metadata.row_groups[0]?.columns[0]?.meta_data?.statistics;
    expect(statistics).toEqual({ null_count: 0n });
  });

  it('writes -0 as the least zero and +0 as the greatest', () => {
    const metadata = parquetMetadata(
      write([{ name: 'z', type: 'real', values: Float64Array.of(0, 0) }], 2).buffer as ArrayBuffer,
    );
    const statistics = metadata.row_groups[0]?.columns[0]?.meta_data?.statistics;
    expect(Object.is(statistics?.min_value, -0)).toBe(true);
    expect(Object.is(statistics?.max_value, 0)).toBe(true);
  });

  it('gives the same bytes for the same values, however they are held', () => {
    const columns = everyType();
    const asPlain = columns.map((column) => ({
      ...column,
      values: Array.from({ length: ROWS }, (_, row) => valueAt(column.values, row)),
    }));
    expect(Buffer.from(write(asPlain)).equals(Buffer.from(write(columns)))).toBe(true);
    expect(Buffer.from(write(columns)).equals(Buffer.from(write(everyType())))).toBe(true);
  });

  it('splits rows into row groups and pages a reader can seek', async () => {
    const column: TestColumn = {
      name: 'n',
      type: 'integer',
      values: Float64Array.from({ length: 300_000 }, (_, row) => row),
    };
    const bytes = parquet([column], [column.values], 300_000);
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([131_072, 131_072, 37_856]);
    const rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer, rowStart: 200_000, rowEnd: 200_003 });
    expect(rows.map((row) => row.n)).toEqual([200_000n, 200_001n, 200_002n]);
  });

  it('writes a table without rows as its schema alone', async () => {
    const writer = new ParquetFileWriter([{ name: 'a', type: 'text' }]);
    const bytes = joinedParts(writer.finish());
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    expect(Number(metadata.num_rows)).toBe(0);
    expect(metadata.schema.map((element) => element.name)).toEqual(['schema', 'a']);
    expect(await parquetReadObjects({ file: bytes.buffer as ArrayBuffer })).toEqual([]);
  });

  it('writes whole numbers past 2^53, and times outside a Date’s range as their milliseconds', async () => {
    const values = [Float64Array.of(2 ** 62, -(2 ** 63), 9e15, -9e15)];
    const bytes = parquet([{ name: 'n', type: 'integer' }], values, 4);
    const rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer });
    expect(rows.map((row) => row.n)).toEqual([
      2n ** 62n,
      -(2n ** 63n),
      9_000_000_000_000_000n,
      -9_000_000_000_000_000n,
    ]);
  });

  it('refuses a value a 64-bit integer cannot hold, naming its column and row', () => {
    for (const values of [Float64Array.of(1, 2 ** 63), ['1', 'eleven']] as ValueColumn[]) {
      const error = (() => {
        try {
          parquet([{ name: 'visits', type: 'integer' }], [values], 2);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(TriadError);
      expect((error as Error).message).toMatch(/column "visits" holds .* at row 2, which is not a 64-bit integer/);
    }
  });
});
