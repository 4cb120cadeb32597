import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { asyncBufferFromFile, type CompressionCodec, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { compressors } from 'hyparquet-compressors';
import { type ColumnSource, parquetWriteFile, schemaFromColumnData } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../../shared/contract/errors.js';
import { rejectedTriadError } from '../../../../shared/test-support/refusals.js';
import { seededRandom } from '../../../../shared/test-support/seeded-random.js';
import { temporaryFoldersCleanedAfterEachTest } from '../../test-support/temporary-folder.js';
import type { RecordBatch, RecordSource } from '../record-source.js';
import { openParquetSource } from './parquet-source.js';

const FLIGHTS = join(import.meta.dirname, '../../../../node_modules/vega-datasets/data/flights-3m.parquet');
const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
/** hyparquet-writer compresses only SNAPPY itself; these let the tests write GZIP and BROTLI pages. */
const zlibCompressors = { GZIP: gzipSync, BROTLI: brotliCompressSync };

/**
 * A source's batches, each visited before the next is asked for: the source may then reuse the
 * memory it read the batch into.
 */
async function eachBatch(
  source: RecordSource,
  batchRows: number,
  visit: (batch: RecordBatch) => boolean | undefined,
): Promise<void> {
  for await (const batch of source.batches(batchRows)) if (visit(batch) === false) break;
}

/** The first `count` batches, their rows read out as each arrives. */
async function firstBatches(source: RecordSource, batchRows: number, count: number): Promise<RecordBatch[]> {
  const batches: RecordBatch[] = [];
  await eachBatch(source, batchRows, (batch) => {
    void batch.rows;
    batches.push(batch);
    return batches.length < count;
  });
  return batches;
}

async function allBatches(source: RecordSource, batchRows: number): Promise<RecordBatch[]> {
  return firstBatches(source, batchRows, Number.POSITIVE_INFINITY);
}

async function readAll(path: string, batchRows = 1000): Promise<RecordBatch[]> {
  const source = await openParquetSource(path);
  try {
    return await allBatches(source, batchRows);
  } finally {
    await source.close();
  }
}

async function rowGroupCount(path: string): Promise<number> {
  return (await parquetMetadataAsync(await asyncBufferFromFile(path))).row_groups.length;
}

async function codecsOf(path: string): Promise<string[]> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
  return metadata.row_groups.flatMap((group) => group.columns.map((column) => column.meta_data?.codec ?? '?'));
}

function writeIds(path: string, rows: number, options: { rowGroupSize?: number } = {}): void {
  parquetWriteFile({
    filename: path,
    columnData: [
      { name: 'id', data: Int32Array.from({ length: rows }, (_, i) => i), type: 'INT32', nullable: false },
      { name: 'label', data: Array.from({ length: rows }, (_, i) => `row ${i}`), type: 'STRING' },
    ],
    ...options,
  });
}

describe('openParquetSource on flights-3m.parquet (vega-datasets, written by Polars with ZSTD)', () => {
  it('declares the fields and their types from the footer', async () => {
    const source = await openParquetSource(FLIGHTS);
    expect(source.format).toBe('parquet');
    expect(source.totalBytes).toBe(statSync(FLIGHTS).size);
    expect(source.totalBytes).toBe(13_493_022);
    expect(await source.fields()).toEqual([
      { name: 'date', declaredType: 'timestamp' },
      { name: 'delay', declaredType: 'integer' },
      { name: 'distance', declaredType: 'integer' },
      { name: 'origin', declaredType: 'text' },
      { name: 'destination', declaredType: 'text' },
    ]);
    await source.close();
  });

  it('reads the first batches with real values, INT64 as numbers and timestamps as Dates', async () => {
    const source = await openParquetSource(FLIGHTS);
    const [first, second] = await firstBatches(source, 1000, 2);
    await source.close();

    expect(first?.firstRowNumber).toBe(1);
    expect(first?.rows).toHaveLength(1000);
    expect(first?.rejected).toEqual([]);
    expect(first?.rows.slice(0, 3)).toEqual([
      [new Date('2001-01-01T00:01:00.000Z'), 33, 2176, 'LAS', 'PHL'],
      [new Date('2001-01-01T00:01:00.000Z'), 19, 215, 'ATL', 'SAV'],
      [new Date('2001-01-01T00:01:00.000Z'), 14, 405, 'MCI', 'MDW'],
    ]);
    expect(typeof first?.rows[0]?.[1]).toBe('number');
    expect(first?.rows[999]).toEqual([new Date('2001-01-01T07:06:00.000Z'), -8, 748, 'BIL', 'MSP']);

    expect(second?.firstRowNumber).toBe(1001);
    expect(second?.rows[0]).toEqual([new Date('2001-01-01T07:06:00.000Z'), -14, 1836, 'OAK', 'ORD']);
    expect(first?.bytesRead).toBeGreaterThan(0);
    expect(second?.bytesRead).toBeGreaterThan(first?.bytesRead ?? Infinity);
    expect(second?.bytesRead).toBeLessThan(source.totalBytes);
  });

  it('crosses from the first row group (272,727 rows) into the second without losing a row', async () => {
    const source = await openParquetSource(FLIGHTS);
    const batches = await firstBatches(source, 100_000, 4);
    await source.close();

    expect(batches.map((batch) => [batch.firstRowNumber, batch.rows.length])).toEqual([
      [1, 100_000],
      [100_001, 100_000],
      [200_001, 72_727],
      [272_728, 100_000],
    ]);
    expect(batches[0]?.rows[99_999]).toEqual([new Date('2001-01-07T08:40:00.000Z'), -5, 303, 'HOU', 'MSY']);
    expect(batches[1]?.rows[0]).toEqual([new Date('2001-01-07T08:40:00.000Z'), -7, 373, 'MEM', 'VPS']);
    expect(batches[2]?.rows.at(-1)).toEqual([new Date('2001-01-17T15:35:00.000Z'), -10, 419, 'HOU', 'OKC']);
    expect(batches[3]?.rows[0]).toEqual([new Date('2001-01-17T15:35:00.000Z'), 14, 325, 'OAK', 'BUR']);
    expect(batches[2]?.bytesRead).toBe(Math.round((13_493_022 * 272_727) / 3_000_000));
  });
});

describe('Triad’s own decoding of flat columns', () => {
  it('gives the values hyparquet gives, on the first 370,000 rows of flights-3m, across two row groups', async () => {
    const rows = 400_000;
    const file = await asyncBufferFromFile(FLIGHTS);
    const expected = await parquetReadObjects({ file, compressors, rowStart: 0, rowEnd: rows });
    const source = await openParquetSource(FLIGHTS);
    const names = (await source.fields()).map((field) => field.name);
    const plain = (value: unknown) =>
      value instanceof Date ? value.getTime() : typeof value === 'bigint' ? Number(value) : (value ?? null);
    let compared = 0;
    let covered = 0;
    let visited = 0;
    await eachBatch(source, 50_000, (batch) => {
      const columns = batch.columns;
      if (!columns) throw new Error('Parquet batches come column by column');
      for (let row = 0; row < columns.rowCount; row += 1) {
        const want = expected[batch.firstRowNumber - 1 + row] as Record<string, unknown>;
        for (const [index, name] of names.entries()) {
          if (plain(columns.valueAt(index, row)) !== plain(want[name]))
            throw new Error(`row ${batch.firstRowNumber + row} ${name}`);
          compared += 1;
        }
      }
      covered += columns.rowCount;
      visited += 1;
      return visited < rows / 50_000;
    });
    await source.close();
    expect(covered).toBeGreaterThan(350_000);
    expect(compared).toBe(covered * names.length);
    // Decoding 400,000 rows twice takes about 2 s alone and twice that on a busy machine.
  }, 20_000);
});

describe('openParquetSource on files written by hyparquet-writer', () => {
  it('maps column types to declared types and converts values, nulls included', async () => {
    const path = join(temporaryFolder('parquet'), 'types.parquet');
    const columnData: ColumnSource[] = [
      { name: 'small', data: [1, null, -3], type: 'INT32' },
      { name: 'big', data: [5n, 2n ** 60n, null], type: 'INT64' },
      { name: 'ratio', data: [0.5, null, -1e300], type: 'DOUBLE' },
      { name: 'name', data: ['Ada', null, 'Zoë'], type: 'STRING' },
      { name: 'ok', data: [true, false, null], type: 'BOOLEAN' },
      { name: 'at', data: [new Date('2024-02-29T12:34:56.789Z'), null, new Date(0)], type: 'TIMESTAMP' },
      { name: 'day', data: [new Date('2024-03-01T00:00:00Z'), null, new Date('1969-12-31T00:00:00Z')] },
      { name: 'blob', data: [Uint8Array.of(0, 255), null, Uint8Array.of()], type: 'BYTE_ARRAY' },
      { name: 'doc', data: [{ a: [1, 2] }, null, 'text'], type: 'JSON' },
    ];
    const schema = schemaFromColumnData({
      columnData,
      schemaOverrides: { day: { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' } },
    });
    parquetWriteFile({ filename: path, columnData: columnData.map(({ name, data }) => ({ name, data })), schema });

    const source = await openParquetSource(path);
    expect(await source.fields()).toEqual([
      { name: 'small', declaredType: 'integer' },
      { name: 'big', declaredType: 'integer' },
      { name: 'ratio', declaredType: 'real' },
      { name: 'name', declaredType: 'text' },
      { name: 'ok', declaredType: 'boolean' },
      { name: 'at', declaredType: 'timestamp' },
      { name: 'day', declaredType: 'date' },
      { name: 'blob', declaredType: 'binary' },
      { name: 'doc', declaredType: 'json' },
    ]);
    const batches = await allBatches(source, 10);
    await source.close();

    expect(batches).toHaveLength(1);
    expect(batches[0]?.rows).toEqual([
      [
        1,
        5,
        0.5,
        'Ada',
        true,
        new Date('2024-02-29T12:34:56.789Z'),
        new Date('2024-03-01T00:00:00Z'),
        Uint8Array.of(0, 255),
        { a: [1, 2] },
      ],
      [null, 2n ** 60n, null, null, false, null, null, null, null],
      [-3, null, -1e300, 'Zoë', null, new Date(0), new Date('1969-12-31T00:00:00Z'), Uint8Array.of(), 'text'],
    ]);
    expect(batches[0]?.bytesRead).toBe(source.totalBytes);
  });

  it('packs text columns as UTF-8 in one go, as valueAt reads them, bytes that are not UTF-8 replaced', async () => {
    const path = join(temporaryFolder('parquet'), 'texts.parquet');
    const rows = 3000;
    const random = seededRandom(7);
    const codes = ['ORD', 'JFK', 'Zoë', '😀', '', 'NA'];
    const bytes = [Buffer.from('ok'), Uint8Array.of(0x61, 0xff, 0x62), Uint8Array.of(0xc3), Buffer.from('é😀')];
    const columnData: ColumnSource[] = [
      // Few distinct values: a dictionary; many: plain pages.
      { name: 'code', data: Array.from({ length: rows }, () => (random.chance(0.1) ? null : random.pick(codes))) },
      { name: 'label', data: Array.from({ length: rows }, (_, row) => `label ${row} ${random.pick(codes)}`) },
      { name: 'raw', data: Array.from({ length: rows }, () => random.pick(bytes)) },
    ];
    const schema = schemaFromColumnData({
      columnData,
      schemaOverrides: {
        raw: { name: 'raw', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      },
    });
    parquetWriteFile({
      filename: path,
      columnData: columnData.map(({ name, data }) => ({ name, data })),
      schema,
      rowGroupSize: 1000,
    });
    const source = await openParquetSource(path);
    expect((await source.fields()).map((field) => field.declaredType)).toEqual(['text', 'text', 'text']);
    const decoder = new TextDecoder();
    const seen = new Set<unknown>();
    await eachBatch(source, 300, (batch) => {
      const columns = batch.columns;
      if (!columns?.textsAt) throw new Error('Parquet batches pack text');
      for (let column = 0; column < 3; column += 1) {
        const packed = columns.textsAt(column);
        if (!packed) throw new Error('a text column packs');
        // The bytes themselves, as SQLite will hold them, are the UTF-8 of the value read.
        const packedBytes = Array.from(packed.starts, (start, row) =>
          start < 0 ? null : Buffer.from(packed.bytes.subarray(start, packed.ends[row])).toString('hex'),
        );
        const byValue = Array.from(packed.starts, (_, row) => columns.valueAt(column, row));
        expect(packedBytes).toEqual(
          byValue.map((value) => (value === null ? null : Buffer.from(value as string).toString('hex'))),
        );
        for (const value of byValue) seen.add(value);
      }
      return true;
    });
    await source.close();
    for (const value of [...codes, null, 'ok', 'a\ufffdb', '\ufffd', decoder.decode(Buffer.from('é😀'))])
      expect(seen).toContain(value);
  });

  it('reads decimals from their unscaled integers: the nearest double up to 15 digits, exact text beyond', async () => {
    const path = join(temporaryFolder('parquet'), 'decimals.parquet');
    const decimal = (
      name: string,
      type: 'INT32' | 'INT64' | 'FIXED_LEN_BYTE_ARRAY' | 'BYTE_ARRAY',
      precision: number,
      scale: number,
    ) => ({
      name,
      type,
      converted_type: 'DECIMAL' as const,
      precision,
      scale,
      repetition_type: 'OPTIONAL' as const,
      ...(type === 'FIXED_LEN_BYTE_ARRAY' ? { type_length: 16 } : {}),
    });
    // Repeated values make hyparquet-writer use a dictionary for some columns, so both encodings are read.
    const tenths = [3n, -3n, null, 0n, 3n, 3n, 3n, 999_999_999n];
    const columnData: ColumnSource[] = [
      { name: 'tenths', data: tenths },
      { name: 'whole', data: [12n, -7n, null, 0n, 12n, 12n, 12n, 999_999_999_999_999n] },
      { name: 'long', data: [1n, -123_456_789_012_345_678n, null, 0n, 1n, 1n, 1n, 10n ** 17n] },
      { name: 'fixed', data: [10n ** 37n, -(10n ** 37n) - 5n, null, 0n, -1n, 7n, 7n, 7n] },
      { name: 'bytes', data: [1205n, -1205n, null, 0n, 5n, -5n, 2n ** 70n, 1205n] },
      { name: 'money', data: [-1n, 10n, null, 0n, 1n, 1n, 123_456_789_012_345n, -123_456_789_012_345n] },
    ];
    const schema = [
      { name: 'root', num_children: columnData.length },
      decimal('tenths', 'INT32', 9, 1),
      decimal('whole', 'INT64', 15, 0),
      decimal('long', 'INT64', 18, 4),
      decimal('fixed', 'FIXED_LEN_BYTE_ARRAY', 38, 10),
      decimal('bytes', 'BYTE_ARRAY', 30, 3),
      decimal('money', 'FIXED_LEN_BYTE_ARRAY', 15, 2),
    ];
    parquetWriteFile({ filename: path, columnData, schema });

    const source = await openParquetSource(path);
    expect(await source.fields()).toEqual([
      { name: 'tenths', declaredType: 'real' },
      { name: 'whole', declaredType: 'real' },
      { name: 'long', declaredType: 'text' },
      { name: 'fixed', declaredType: 'text' },
      { name: 'bytes', declaredType: 'text' },
      { name: 'money', declaredType: 'real' },
    ]);
    const [batch] = await allBatches(source, 100);
    await source.close();

    expect(batch?.rows).toEqual([
      [0.3, 12, '0.0001', '1000000000000000000000000000.0000000000', '1.205', -0.01],
      [-0.3, -7, '-12345678901234.5678', '-1000000000000000000000000000.0000000005', '-1.205', 0.1],
      [null, null, null, null, null, null],
      [0, 0, '0.0000', '0.0000000000', '0.000', 0],
      [0.3, 12, '0.0001', '-0.0000000001', '0.005', 0.01],
      [0.3, 12, '0.0001', '0.0000000007', '-0.005', 0.01],
      [0.3, 12, '0.0001', '0.0000000007', '1180591620717411303.424', 1234567890123.45],
      [99999999.9, 999999999999999, '10000000000000.0000', '0.0000000007', '1.205', -1234567890123.45],
    ]);
  });

  it('reads nested columns as json', async () => {
    const path = join(temporaryFolder('parquet'), 'nested.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [{ name: 'tags', data: [[1n, 2n], [], null, [2n ** 62n]] }],
      schema: [
        { name: 'root', num_children: 1 },
        { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'REQUIRED', type: 'INT64' },
      ],
    });
    const source = await openParquetSource(path);
    expect(await source.fields()).toEqual([{ name: 'tags', declaredType: 'json' }]);
    const [batch] = await allBatches(source, 100);
    await source.close();
    expect(batch?.rows).toEqual([[[1, 2]], [[]], [null], [[2n ** 62n]]]);
  });

  it('streams several row groups in order, with batches bounded by batchRows', async () => {
    const path = join(temporaryFolder('parquet'), 'groups.parquet');
    writeIds(path, 2500, { rowGroupSize: 1000 });
    expect(await rowGroupCount(path)).toBe(3);

    const batches = await readAll(path, 300);
    expect(batches.map((batch) => [batch.firstRowNumber, batch.rows.length])).toEqual([
      [1, 300],
      [301, 300],
      [601, 300],
      [901, 100],
      [1001, 300],
      [1301, 300],
      [1601, 300],
      [1901, 100],
      [2001, 300],
      [2301, 200],
    ]);
    const rows = batches.flatMap((batch) => batch.rows);
    expect(rows.map((row) => row[0])).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(rows[1234]).toEqual([1234, 'row 1234']);
    for (const batch of batches) {
      expect(batch.rows[0]?.[0]).toBe(batch.firstRowNumber - 1);
    }
    const progress = batches.map((batch) => batch.bytesRead);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(statSync(path).size);
  });

  it('reads a share of the row groups for one of several readers, marking where each group ends', async () => {
    const path = join(temporaryFolder('parquet'), 'shares.parquet');
    writeIds(path, 2500, { rowGroupSize: 1000 });
    const source = await openParquetSource(path);
    expect(source.parts).toBe(3);
    const shareOf = async (index: number) => {
      const batches: [number, number, boolean | undefined][] = [];
      for await (const batch of source.batches(600, { index, of: 2 }))
        batches.push([batch.firstRowNumber, batch.rows.length, batch.endsPart]);
      return batches;
    };
    expect(await shareOf(0)).toEqual([
      [1, 600, false],
      [601, 400, true],
      [2001, 500, true],
    ]);
    expect(await shareOf(1)).toEqual([
      [1001, 600, false],
      [1601, 400, true],
    ]);
    await source.close();
  });

  it('gives columns whose names differ only by case, or are blank, distinct names as the other sources do', async () => {
    const path = join(temporaryFolder('parquet'), 'names.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'id', data: [1], type: 'INT32' },
        { name: 'ID', data: [2], type: 'INT32' },
        { name: ' ', data: ['x'], type: 'STRING' },
      ],
    });
    const source = await openParquetSource(path);
    expect((await source.fields()).map((field) => field.name)).toEqual(['id', 'ID_2', 'column_3']);
    expect((await allBatches(source, 10))[0]?.rows).toEqual([[1, 2, 'x']]);
    await source.close();
  });

  it('yields nothing for a file with no rows', async () => {
    const path = join(temporaryFolder('parquet'), 'empty.parquet');
    parquetWriteFile({ filename: path, columnData: [{ name: 'id', data: [], type: 'INT32' }] });
    const source = await openParquetSource(path);
    expect(await source.fields()).toEqual([{ name: 'id', declaredType: 'integer' }]);
    expect(await allBatches(source, 10)).toEqual([]);
    await source.close();
  });

  it.each<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'])('decodes %s pages', async (codec) => {
    const path = join(temporaryFolder('parquet'), `${codec}.parquet`);
    parquetWriteFile({
      filename: path,
      codec,
      compressors: zlibCompressors,
      columnData: [
        { name: 'id', data: Int32Array.from({ length: 3000 }, (_, i) => i * 7), type: 'INT32', nullable: false },
        { name: 'word', data: Array.from({ length: 3000 }, (_, i) => `word-${i % 17}`), type: 'STRING' },
      ],
    });
    expect(new Set(await codecsOf(path))).toEqual(new Set([codec]));

    const rows = (await readAll(path, 1000)).flatMap((batch) => batch.rows);
    expect(rows).toHaveLength(3000);
    expect(rows[0]).toEqual([0, 'word-0']);
    expect(rows[2999]).toEqual([2999 * 7, `word-${2999 % 17}`]);
  });
});

describe('openParquetSource refuses files it cannot read', () => {
  it('refuses a CSV file named .parquet', async () => {
    const path = join(temporaryFolder('parquet'), 'data.parquet');
    writeFileSync(path, 'id,name\n1,Ada\n2,Grace\n3,Hedy\n');
    const error = await rejectedTriadError(openParquetSource(path));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('data.parquet is not a Parquet file (it does not end with the PAR1 marker).');
  });

  it('refuses an empty file and a file too short to hold a footer', async () => {
    const dir = temporaryFolder('parquet');
    writeFileSync(join(dir, 'empty.parquet'), '');
    writeFileSync(join(dir, 'short.parquet'), 'PAR1PAR1');
    expect((await rejectedTriadError(openParquetSource(join(dir, 'empty.parquet')))).message).toBe(
      'empty.parquet is not a Parquet file (it is only 0 bytes long).',
    );
    expect((await rejectedTriadError(openParquetSource(join(dir, 'short.parquet')))).message).toBe(
      'short.parquet is not a Parquet file (it is only 8 bytes long).',
    );
  });

  it('refuses a truncated Parquet file', async () => {
    const dir = temporaryFolder('parquet');
    writeIds(join(dir, 'whole.parquet'), 2000);
    const bytes = readFileSync(join(dir, 'whole.parquet'));
    writeFileSync(join(dir, 'cut.parquet'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await rejectedTriadError(openParquetSource(join(dir, 'cut.parquet')));
    expect(error.message).toBe(
      'cut.parquet is truncated or damaged: it starts like a Parquet file but does not end with the PAR1 marker.',
    );
  });

  it('refuses a footer whose length points before the start of the file', async () => {
    const dir = temporaryFolder('parquet');
    writeIds(join(dir, 'whole.parquet'), 100);
    const bytes = readFileSync(join(dir, 'whole.parquet'));
    bytes.writeUInt32LE(bytes.length, bytes.length - 8);
    writeFileSync(join(dir, 'footer.parquet'), bytes);
    const error = await rejectedTriadError(openParquetSource(join(dir, 'footer.parquet')));
    expect(error.message).toMatch(/^footer\.parquet has a damaged Parquet footer \(.+\)\.$/);
  });

  it('reads changed bytes in the ZSTD pages of flights-3m, or refuses them as damage, never failing otherwise', async () => {
    const original = readFileSync(FLIGHTS);
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(FLIGHTS));
    const chunk = metadata.row_groups[0]?.columns[1]?.meta_data;
    if (chunk?.codec !== 'ZSTD') throw new Error('flights-3m is compressed with ZSTD');
    const start = Number(chunk.dictionary_page_offset || chunk.data_page_offset);
    const random = seededRandom(11);
    const dir = temporaryFolder('parquet');
    const outcomes: string[] = [];
    for (let copy = 0; copy < 6; copy += 1) {
      const bytes = Buffer.from(original);
      // Past the first page header, into the compressed frame.
      const from = start + 40 + random.int(Number(chunk.total_compressed_size) - 80);
      for (let byte = from; byte < from + 16; byte += 1) bytes[byte] = random.int(256);
      const file = join(dir, `zstd-${copy}.parquet`);
      writeFileSync(file, bytes);
      const source = await openParquetSource(file);
      const outcome = await firstBatches(source, 50_000, 6).then(
        (batches) => `read ${batches.length} batches`,
        (error: unknown) => (error instanceof TriadError ? error.message : `not a TriadError: ${error}`),
      );
      await source.close();
      outcomes.push(outcome);
      if (!outcome.startsWith('read')) expect(outcome).toMatch(new RegExp(`^zstd-${copy}\\.parquet is damaged: `));
    }
    // Zstandard frames written without a checksum: some changes decode to other values of the same size.
    expect(outcomes.some((outcome) => outcome.includes('is damaged'))).toBe(true);
  }, 20_000);

  it('reports a row group whose pages are damaged when the batch is read', async () => {
    const dir = temporaryFolder('parquet');
    writeIds(join(dir, 'whole.parquet'), 5000);
    const bytes = readFileSync(join(dir, 'whole.parquet'));
    bytes.fill(0xee, 4, Math.floor(bytes.length / 2));
    writeFileSync(join(dir, 'pages.parquet'), bytes);
    const source = await openParquetSource(join(dir, 'pages.parquet'));
    const error = await rejectedTriadError(allBatches(source, 1000));
    await source.close();
    expect(error.message).toMatch(/^pages\.parquet is damaged: /);
  });

  it('reads or refuses as damaged every copy of a dictionary-encoded file with nulls whose page bytes were changed', async () => {
    const dir = temporaryFolder('parquet');
    const rows = 3000;
    const whole = join(dir, 'whole.parquet');
    parquetWriteFile({
      filename: whole,
      codec: 'UNCOMPRESSED',
      columnData: [
        {
          name: 'kind',
          data: Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : `kind ${i % 5}`)),
          type: 'STRING',
        },
        { name: 'count', data: Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : i % 3)), type: 'INT32' },
      ],
    });
    const original = readFileSync(whole);
    const pagesEnd = original.length - 8 - original.readUInt32LE(original.length - 8);
    const next = seededRandom(11).int;
    const outcomes = { read: 0, refused: 0 };
    for (let copy = 0; copy < 150; copy += 1) {
      const bytes = Buffer.from(original);
      for (let change = 0; change <= next(4); change += 1) bytes[4 + next(pagesEnd - 4)] = next(256);
      const path = join(dir, `changed-${copy}.parquet`);
      writeFileSync(path, bytes);
      const source = await openParquetSource(path);
      try {
        const batches = await allBatches(source, 1000);
        expect(batches.reduce((sum, batch) => sum + (batch.columns?.rowCount ?? 0), 0)).toBe(rows);
        outcomes.read += 1;
      } catch (error) {
        expect(error).toBeInstanceOf(TriadError);
        expect((error as TriadError).message).toMatch(/^changed-\d+\.parquet is damaged: /);
        outcomes.refused += 1;
      } finally {
        await source.close();
      }
    }
    // Both outcomes happen: some changes land in values, others in headers, levels or indices.
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it('refuses a map column, or one holding a map, from the schema, as the Arrow import does', async () => {
    const dir = temporaryFolder('parquet');
    const map = (name: string) => [
      { name, repetition_type: 'OPTIONAL' as const, converted_type: 'MAP' as const, num_children: 1 },
      { name: 'key_value', repetition_type: 'REPEATED' as const, num_children: 2 },
      {
        name: 'key',
        repetition_type: 'REQUIRED' as const,
        type: 'BYTE_ARRAY' as const,
        converted_type: 'UTF8' as const,
      },
      { name: 'value', repetition_type: 'OPTIONAL' as const, type: 'INT32' as const },
    ];
    const files = {
      'map.parquet': [{ name: 'root', num_children: 1 }, ...map('scores')],
      'list.parquet': [
        { name: 'root', num_children: 1 },
        { name: 'scores', repetition_type: 'OPTIONAL' as const, converted_type: 'LIST' as const, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED' as const, num_children: 1 },
        ...map('element'),
      ],
      'struct.parquet': [
        { name: 'root', num_children: 1 },
        { name: 'scores', repetition_type: 'OPTIONAL' as const, num_children: 1 },
        ...map('inner'),
      ],
    };
    const refusals: string[] = [];
    for (const [file, schema] of Object.entries(files)) {
      parquetWriteFile({ filename: join(dir, file), columnData: [{ name: 'scores', data: [null] }], schema });
      refusals.push((await rejectedTriadError(openParquetSource(join(dir, file)))).message);
    }
    expect(refusals).toEqual([
      'map.parquet cannot be imported: column "scores" is a map (nested types are not supported).',
      'list.parquet cannot be imported: column "scores" is a list holding a map (nested types are not supported).',
      'struct.parquet cannot be imported: column "scores" is a struct holding a map (nested types are not supported).',
    ]);
  });

  it('refuses a value too large to decode from its page header, before decompressing it', async () => {
    const dir = temporaryFolder('parquet');
    const path = join(dir, 'huge.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [{ name: 'notes', data: [['short']] }],
      schema: [
        { name: 'root', num_children: 1 },
        { name: 'notes', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'REQUIRED', type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      ],
    });
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
    const chunk = metadata.row_groups[0]?.columns[0]?.meta_data;
    const pageStart = Number(chunk?.dictionary_page_offset || chunk?.data_page_offset);
    const bytes = readFileSync(path);
    // The header opens with field 1 (the page type) and field 2 (its size once decompressed), both one-byte
    // varints here; the size is rewritten as 1 GiB (a five-byte zigzag varint), as a page holding one huge value declares.
    expect([bytes[pageStart], bytes[pageStart + 2], (bytes[pageStart + 3] as number) & 0x80]).toEqual([0x15, 0x15, 0]);
    const gibibyte = Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x08);
    const huge = Buffer.concat([bytes.subarray(0, pageStart + 3), gibibyte, bytes.subarray(pageStart + 4)]);
    writeFileSync(path, huge);
    expect(
      parquetHeader({ view: new DataView(huge.buffer, huge.byteOffset + pageStart), offset: 0 }).uncompressed_page_size,
    ).toBe(2 ** 30);

    const source = await openParquetSource(path);
    const error = await rejectedTriadError(allBatches(source, 1000));
    await source.close();
    expect(error.message).toBe(
      'huge.parquet cannot be imported: a value in column "notes" is too large (its page holds 1073741824 bytes once decompressed, more than the 268435456 bytes Triad decodes at once).',
    );
  });

  it('refuses a data page header without level lengths, on which hyparquet alone would loop forever', async () => {
    const dir = temporaryFolder('parquet');
    const path = join(dir, 'levels.parquet');
    parquetWriteFile({
      filename: path,
      columnData: [{ name: 'label', data: Array.from({ length: 100 }, (_, i) => `v${i}`), type: 'STRING' }],
    });
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
    const pageStart = Number(metadata.row_groups[0]?.columns[0]?.meta_data?.data_page_offset);
    const bytes = readFileSync(path);
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset + pageStart), offset: 0 };
    expect(parquetHeader(reader).data_page_header_v2?.definition_levels_byte_length).toBe(3);
    // The header ends with fields 5 and 6 (the level lengths) and two stops; renumber both to unknown fields.
    const headerEnd = pageStart + reader.offset;
    expect([bytes[headerEnd - 6], bytes[headerEnd - 4], bytes[headerEnd - 2], bytes[headerEnd - 1]]).toEqual([
      0x15, 0x15, 0, 0,
    ]);
    bytes[headerEnd - 6] = 0xf5;
    bytes[headerEnd - 4] = 0xf5;
    writeFileSync(path, bytes);
    const damaged = { view: new DataView(bytes.buffer, bytes.byteOffset + pageStart), offset: 0 };
    expect(parquetHeader(damaged).data_page_header_v2?.definition_levels_byte_length).toBeUndefined();

    const source = await openParquetSource(path);
    const error = await rejectedTriadError(allBatches(source, 1000));
    await source.close();
    expect(error.message).toBe(
      `levels.parquet is damaged: row group 1 of 1 could not be decoded (the page header at byte ${pageStart} is damaged).`,
    );
  });
});
