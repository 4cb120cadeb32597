import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Binary,
  Bool,
  CompressionType,
  compressionRegistry,
  DateDay,
  Decimal,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  LargeUtf8,
  List,
  RecordBatchFileWriter,
  RecordBatchReader,
  Struct,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  tableFromArrays,
  tableToIPC,
  Uint8,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { rejectedTriadError } from '../../../../shared/test-support/refusals.js';
import { temporaryFoldersCleanedAfterEachTest } from '../../test-support/temporary-folder.js';
import type { RecordBatch, RecordSource } from '../record-source.js';
import { openArrowSource } from './arrow-source.js';

const DATA = join(import.meta.dirname, '../../../../node_modules/vega-datasets/data');
const FLIGHTS = join(DATA, 'flights-200k.arrow');
const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

interface Flight {
  delay: number;
  distance: number;
  time: number;
}

async function allBatches(source: RecordSource, batchRows: number): Promise<RecordBatch[]> {
  const batches: RecordBatch[] = [];
  for await (const batch of source.batches(batchRows)) batches.push(batch);
  return batches;
}

async function readAll(path: string, batchRows: number): Promise<RecordBatch[]> {
  const source = await openArrowSource(path);
  try {
    return await allBatches(source, batchRows);
  } finally {
    await source.close();
  }
}

function typesTable(): Table {
  return new Table({
    small: vectorFromArray([1, null, -3], new Int32()),
    big: vectorFromArray([5n, 2n ** 60n, null], new Int64()),
    byte: vectorFromArray([0, 255, null], new Uint8()),
    ratio: vectorFromArray([0.5, null, -1e300], new Float64()),
    name: vectorFromArray(['Ada', null, 'Zoë'], new Utf8()),
    note: vectorFromArray([null, 'long', ''], new LargeUtf8()),
    ok: vectorFromArray([true, false, null], new Bool()),
    at: vectorFromArray([new Date('2024-02-29T12:34:56.789Z'), null, new Date(0)], new TimestampMillisecond()),
    atMicros: vectorFromArray([new Date('1999-12-31T23:59:59.999Z'), null, null], new TimestampMicrosecond()),
    day: vectorFromArray([new Date('2024-03-01T00:00:00Z'), null, new Date('1969-12-31T00:00:00Z')], new DateDay()),
    blob: vectorFromArray([Uint8Array.of(0, 255), null, Uint8Array.of()], new Binary()),
    city: vectorFromArray(['Oslo', 'Lima', null], new Dictionary(new Utf8(), new Int32())),
    price: vectorFromArray([Uint32Array.of(12345, 0, 0, 0), null, Uint32Array.of(5, 0, 0, 0)], new Decimal(2, 10, 128)),
    point: vectorFromArray(
      [{ a: 1n, b: 'x' }, null, { a: 2n ** 60n, b: null }],
      new Struct([new Field('a', new Int64(), true), new Field('b', new Utf8(), true)]),
    ),
    tags: vectorFromArray([[1, 2], [], null], new List(new Field('item', new Int32(), true))),
  });
}

describe('openArrowSource on flights-200k.arrow (vega-datasets)', () => {
  it('declares the fields and reads all 200,000 rows, equal to the same data published as JSON', async () => {
    const source = await openArrowSource(FLIGHTS);
    expect(source.format).toBe('arrow');
    expect(source.totalBytes).toBe(statSync(FLIGHTS).size);
    expect(source.totalBytes).toBe(1_600_864);
    expect(await source.fields()).toEqual([
      { name: 'delay', declaredType: 'integer' },
      { name: 'distance', declaredType: 'integer' },
      { name: 'time', declaredType: 'real' },
    ]);
    const batches = await allBatches(source, 50_000);
    await source.close();

    expect(batches.map((batch) => [batch.firstRowNumber, batch.rows.length])).toEqual([
      [1, 50_000],
      [50_001, 50_000],
      [100_001, 50_000],
      [150_001, 50_000],
    ]);
    const rows = batches.flatMap((batch) => batch.rows);
    expect(rows[0]).toEqual([0, 1452, 0]);
    expect(rows[123_456]).toEqual([36, 998, Math.fround(15.7)]);
    expect(rows[199_999]).toEqual([0, 1452, Math.fround(23.983333333333334)]);

    const published: Flight[] = JSON.parse(readFileSync(join(DATA, 'flights-200k.json'), 'utf8'));
    expect(published).toHaveLength(rows.length);
    const differing = rows.filter((row, i) => {
      const flight = published[i] as Flight;
      return row[0] !== flight.delay || row[1] !== flight.distance || row[2] !== Math.fround(flight.time);
    });
    expect(differing).toEqual([]);

    const progress = batches.map((batch) => batch.bytesRead);
    expect(progress[0]).toBeGreaterThan(0);
    expect(new Set(progress).size).toBe(progress.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeLessThanOrEqual(source.totalBytes);
    expect(progress.at(-1)).toBeGreaterThan(source.totalBytes * 0.99);
  });
});

describe('openArrowSource on files written by apache-arrow', () => {
  it.each(['file', 'stream'] as const)('maps types and converts values in the IPC %s format', async (format) => {
    const path = join(temporaryFolder('arrow'), `types.${format === 'file' ? 'arrow' : 'arrows'}`);
    writeFileSync(path, tableToIPC(typesTable(), format));

    const source = await openArrowSource(path);
    expect(await source.fields()).toEqual([
      { name: 'small', declaredType: 'integer' },
      { name: 'big', declaredType: 'integer' },
      { name: 'byte', declaredType: 'integer' },
      { name: 'ratio', declaredType: 'real' },
      { name: 'name', declaredType: 'text' },
      { name: 'note', declaredType: 'text' },
      { name: 'ok', declaredType: 'boolean' },
      { name: 'at', declaredType: 'timestamp' },
      { name: 'atMicros', declaredType: 'timestamp' },
      { name: 'day', declaredType: 'date' },
      { name: 'blob', declaredType: 'binary' },
      { name: 'city', declaredType: 'text' },
      { name: 'price', declaredType: 'real' },
      { name: 'point', declaredType: 'json' },
      { name: 'tags', declaredType: 'json' },
    ]);
    const batches = await allBatches(source, 100);
    await source.close();

    expect(batches).toHaveLength(1);
    expect(batches[0]?.firstRowNumber).toBe(1);
    expect(batches[0]?.rows).toEqual([
      [
        1,
        5,
        0,
        0.5,
        'Ada',
        null,
        true,
        new Date('2024-02-29T12:34:56.789Z'),
        new Date('1999-12-31T23:59:59.999Z'),
        new Date('2024-03-01T00:00:00Z'),
        Uint8Array.of(0, 255),
        'Oslo',
        123.45,
        { a: 1, b: 'x' },
        [1, 2],
      ],
      [null, 2n ** 60n, 255, null, null, 'long', false, null, null, null, null, 'Lima', null, null, []],
      [
        -3,
        null,
        null,
        -1e300,
        'Zoë',
        '',
        null,
        new Date(0),
        null,
        new Date('1969-12-31T00:00:00Z'),
        Uint8Array.of(),
        null,
        0.05,
        { a: 2n ** 60n, b: null },
        null,
      ],
    ]);
  });

  it.each(['file', 'stream'] as const)(
    'splits record batches into slices of at most batchRows, in order (%s format)',
    async (format) => {
      const ids = (from: number, count: number) => Int32Array.from({ length: count }, (_, i) => from + i);
      const table = tableFromArrays({ id: ids(0, 5) })
        .concat(tableFromArrays({ id: ids(5, 7) }))
        .concat(tableFromArrays({ id: ids(12, 3) }));
      expect(table.batches.map((batch) => batch.numRows)).toEqual([5, 7, 3]);
      const path = join(temporaryFolder('arrow'), 'ids.arrow');
      writeFileSync(path, tableToIPC(table, format));

      const batches = await readAll(path, 4);
      expect(batches.map((batch) => [batch.firstRowNumber, batch.rows.map((row) => row[0])])).toEqual([
        [1, [0, 1, 2, 3]],
        [5, [4]],
        [6, [5, 6, 7, 8]],
        [10, [9, 10, 11]],
        [13, [12, 13, 14]],
      ]);
      expect(batches.every((batch) => batch.rejected.length === 0)).toBe(true);
    },
  );
});

/** The reference lz4 and zstd tools (Debian's), to write record batches compressed as pyarrow does. */
function referenceCompressor(tool: 'lz4' | 'zstd') {
  return (data: Uint8Array) => {
    const result = spawnSync(tool, ['-c', '-q'], { input: data, maxBuffer: 64 << 20 });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
    return new Uint8Array(result.stdout);
  };
}

describe('openArrowSource on compressed record batches', () => {
  it.each([
    ['LZ4 frames', CompressionType.LZ4_FRAME, 'lz4'],
    ['ZSTD', CompressionType.ZSTD, 'zstd'],
  ] as const)('reads batches compressed with %s', async (_name, compression, tool) => {
    const rows = 30_000;
    const table = tableFromArrays({
      id: Int32Array.from({ length: rows }, (_, i) => i),
      label: Array.from({ length: rows }, (_, i) => `airport ${i % 97}`),
      value: Float64Array.from({ length: rows }, (_, i) => i / 8),
    });
    compressionRegistry.set(compression, { encode: referenceCompressor(tool) });
    const writer = new RecordBatchFileWriter({ compressionType: compression });
    const bytes = writer.writeAll(table).toUint8Array(true);
    expect(bytes.length).toBeLessThan(tableToIPC(table, 'file').length * 0.8);
    const path = join(temporaryFolder('arrow'), 'compressed.arrow');
    writeFileSync(path, bytes);

    const batches = await readAll(path, 10_000);
    const read = batches.flatMap((batch) => batch.rows);
    expect(read).toHaveLength(rows);
    expect(read[0]).toEqual([0, 'airport 0', 0]);
    expect(read[29_999]).toEqual([29_999, `airport ${29_999 % 97}`, 29_999 / 8]);
    expect(read.every((row, index) => row[0] === index && row[1] === `airport ${index % 97}`)).toBe(true);

    if (tool === 'lz4') {
      // The reference tool writes a content checksum: a flipped byte inside a compressed buffer is caught.
      const damaged = Buffer.from(bytes);
      const at = damaged.length >> 1;
      damaged[at] = (damaged[at] as number) ^ 0x55;
      writeFileSync(path, damaged);
      const error = await rejectedTriadError(readAll(path, 10_000));
      expect(error.message).toMatch(
        /^compressed\.arrow is (not a readable Arrow file or stream|damaged or truncated) \(LZ4 /,
      );
    }
  });
});

describe('openArrowSource names', () => {
  it('gives columns whose names differ only by case, or are blank, distinct names as the other sources do', async () => {
    const path = join(temporaryFolder('arrow'), 'names.arrow');
    writeFileSync(path, tableToIPC(tableFromArrays({ id: Int32Array.of(1), ID: Int32Array.of(2), '': ['x'] }), 'file'));
    const source = await openArrowSource(path);
    expect((await source.fields()).map((field) => field.name)).toEqual(['id', 'ID_2', 'column_3']);
    expect((await allBatches(source, 10))[0]?.rows).toEqual([[1, 2, 'x']]);
    await source.close();
  });
});

describe('openArrowSource refuses files it cannot read', () => {
  it('refuses a CSV file named .arrow', async () => {
    const path = join(temporaryFolder('arrow'), 'data.arrow');
    writeFileSync(path, 'id,name\n1,Ada\n2,Grace\n');
    const error = await rejectedTriadError(openArrowSource(path));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^data\.arrow is not a readable Arrow file or stream \(.+\)\.$/);
  });

  it('refuses an empty file and a file of zeros', async () => {
    const dir = temporaryFolder('arrow');
    writeFileSync(join(dir, 'empty.arrow'), '');
    writeFileSync(join(dir, 'zeros.arrow'), new Uint8Array(64));
    expect((await rejectedTriadError(openArrowSource(join(dir, 'empty.arrow')))).message).toBe(
      'empty.arrow is not an Arrow file (it is empty).',
    );
    expect((await rejectedTriadError(openArrowSource(join(dir, 'zeros.arrow')))).message).toBe(
      'zeros.arrow is not an Arrow file or stream (it has no schema).',
    );
  });

  it('refuses a truncated Arrow file', async () => {
    const path = join(temporaryFolder('arrow'), 'cut.arrow');
    const bytes = tableToIPC(typesTable(), 'file');
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    expect((await rejectedTriadError(openArrowSource(path))).message).toBe(
      'cut.arrow is truncated or damaged: it starts like an Arrow file but does not end with the ARROW1 marker.',
    );
  });

  it('reports a truncated Arrow stream when the missing batch is read', async () => {
    const path = join(temporaryFolder('arrow'), 'cut.arrows');
    const bytes = tableToIPC(typesTable(), 'stream');
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    const source = await openArrowSource(path);
    const error = await rejectedTriadError(allBatches(source, 10));
    await source.close();
    expect(error.message).toMatch(/^cut\.arrows is damaged or truncated \(.+\)\.$/);
  });

  it('reports a footer entry that points at a dictionary instead of a record batch (apache-arrow alone re-reads it forever)', async () => {
    const path = join(temporaryFolder('arrow'), 'swapped.arrow');
    const table = new Table({
      city: vectorFromArray(['Oslo', 'Lima', 'Oslo'], new Dictionary(new Utf8(), new Int32())),
    });
    const bytes = Buffer.from(tableToIPC(table, 'file'));
    const { footer } = RecordBatchReader.from(bytes).open();
    if (!footer) throw new Error('expected an IPC file footer');
    const blockBytes = (block: { offset: number; metaDataLength: number; bodyLength: number }) => {
      const encoded = Buffer.alloc(24);
      encoded.writeBigInt64LE(BigInt(block.offset), 0);
      encoded.writeInt32LE(block.metaDataLength, 8);
      encoded.writeBigInt64LE(BigInt(block.bodyLength), 16);
      return encoded;
    };
    const recordBatch = footer.getRecordBatch(0);
    const dictionary = footer.getDictionaryBatch(0);
    if (!recordBatch || !dictionary) throw new Error('expected a dictionary and a record batch');
    const at = bytes.lastIndexOf(blockBytes(recordBatch));
    expect(at).toBeGreaterThan(0);
    blockBytes(dictionary).copy(bytes, at);
    writeFileSync(path, bytes);

    const source = await openArrowSource(path);
    const error = await rejectedTriadError(allBatches(source, 10));
    await source.close();
    expect(error.message).toMatch(/^swapped\.arrow is damaged or truncated \(.+\)\.$/);
  });

  it('reports a negative message length (apache-arrow alone reads past the end forever)', async () => {
    const path = join(temporaryFolder('arrow'), 'negative.arrows');
    const bytes = Buffer.from(tableToIPC(tableFromArrays({ id: Int32Array.of(1, 2, 3) }), 'stream'));
    const recordBatchMessage = 8 + bytes.readInt32LE(4);
    expect(bytes.readUInt32LE(recordBatchMessage)).toBe(0xffffffff);
    bytes.writeInt32LE(-100_000, recordBatchMessage + 4);
    writeFileSync(path, bytes);

    const source = await openArrowSource(path);
    const error = await rejectedTriadError(allBatches(source, 10));
    await source.close();
    expect(error.message).toBe(
      `negative.arrows is damaged or truncated (a message points to byte ${recordBatchMessage + 8 - 100_000}).`,
    );
  });
});
