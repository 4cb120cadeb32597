import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type CompressionCodec,
  type DataPageHeader,
  type PageHeader,
  parquetMetadata,
  parquetSchema,
  type SchemaTree,
} from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { parquetCompressors, parquetCompressorsReady } from './parquet-compressors.js';
import { flatPageOf, readFlatDataPage, readFlatDataPageV2 } from './parquet-data-page.js';

const SUITE = join(import.meta.dirname, '..', 'conformance', 'parquet-testing', 'data');

interface PageCase {
  bytes: Uint8Array;
  header: DataPageHeader;
  column: SchemaTree;
  codec: string;
}

/** A version-2 data page as stored (its values still compressed). */
interface PageV2Case {
  stored: Uint8Array;
  header: PageHeader;
  column: SchemaTree;
  codec: CompressionCodec;
}

/** Every data page of every top-level, non-repeated column of a file: version 1 decompressed, version 2 as stored. */
function flatPagesOf(buffer: ArrayBuffer): { pages: PageCase[]; pagesV2: PageV2Case[] } {
  const metadata = parquetMetadata(buffer);
  const schema = parquetSchema(metadata);
  const pages: PageCase[] = [];
  const pagesV2: PageV2Case[] = [];
  for (const group of metadata.row_groups)
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta?.path_in_schema.length !== 1) continue;
      const column = schema.children.find((child) => child.element.name === meta.path_in_schema[0]);
      if (!column || column.children.length > 0 || column.element.repetition_type === 'REPEATED') continue;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const reader = { view: new DataView(buffer, start, end - start), offset: 0 };
      while (reader.offset < end - start) {
        const header = parquetHeader(reader);
        const compressed = new Uint8Array(buffer, start + reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        if (header.type === 'DATA_PAGE_V2') pagesV2.push({ stored: compressed, header, column, codec: meta.codec });
        if (header.type !== 'DATA_PAGE' || !header.data_page_header) continue;
        const page = decompressPage(compressed, Number(header.uncompressed_page_size), meta.codec, parquetCompressors);
        pages.push({ bytes: page, header: header.data_page_header, column, codec: meta.codec });
      }
    }
  return { pages, pagesV2 };
}

function flatDataPages(file: string): PageCase[] {
  const bytes = readFileSync(file);
  return flatPagesOf(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).pages;
}

/** How hyparquet reads a column's values. */
function decoderOf(column: SchemaTree, codec: CompressionCodec) {
  return {
    pathInSchema: [column.element.name],
    element: column.element,
    schemaPath: [{ element: { name: 'root' }, children: [column], count: 1, path: [] } as SchemaTree, column],
    type: column.element.type as NonNullable<SchemaTree['element']['type']>,
    codec,
    compressors: parquetCompressors,
    utf8: false,
    parsers: DEFAULT_PARSERS,
  };
}

/** Compares a page as Triad read it with hyparquet's reading, naming the page on a difference. */
function expectSamePage(name: string, ours: ReturnType<typeof flatPageOf>, reference: ReturnType<typeof flatPageOf>) {
  // Which rows hold a value; none null is the same as no levels at all.
  const definedOf = ({ defined }: ReturnType<typeof flatPageOf>) =>
    defined && !defined.every((level) => level === 1) ? Array.from(defined) : null;
  expect([name, ours.rows, definedOf(ours)]).toEqual([name, reference.rows, definedOf(reference)]);
  expect([name, ours.indices && Array.from(ours.indices)]).toEqual([
    name,
    reference.indices && Array.from(reference.indices),
  ]);
  expect([name, ours.values && Array.from(ours.values)]).toEqual([
    name,
    reference.values && Array.from(reference.values),
  ]);
}

/** The suite's files hyparquet reads whole (the damaged and encrypted ones are the conformance test's). */
function readableFiles(): string[] {
  return readdirSync(SUITE)
    .filter((name) => name.endsWith('.parquet'))
    .map((name) => join(SUITE, name))
    .filter((file) => {
      try {
        flatDataPages(file);
        return true;
      } catch {
        return false;
      }
    });
}

describe('readFlatDataPage', () => {
  beforeAll(parquetCompressorsReady);

  it('reads every version-1 data page of the parquet-testing suite as hyparquet does', () => {
    let compared = 0;
    let indexed = 0;
    let withNulls = 0;
    // Pages in the delta and byte-stream-split encodings, whose values hyparquet's decoders read.
    let otherEncodings = 0;
    for (const file of readableFiles()) {
      for (const { bytes, header, column } of flatDataPages(file)) {
        const maxDefinition = column.element.repetition_type === 'REQUIRED' ? 0 : 1;
        const type = column.element.type;
        if (!type) continue;
        let reference: ReturnType<typeof flatPageOf>;
        try {
          reference = flatPageOf(
            readDataPage(bytes, header, decoderOf(column, 'UNCOMPRESSED')),
            header.num_values,
            header.encoding,
            maxDefinition,
          );
        } catch {
          continue;
        }
        const ours = readFlatDataPage(bytes, header, type, column.element.type_length, maxDefinition);
        if (ours === null) continue;
        expectSamePage(`${relative(SUITE, file)} ${column.element.name}`, ours, reference);
        compared += 1;
        if (ours.indices) indexed += 1;
        if (ours.defined) withNulls += 1;
        if (/^DELTA_|^BYTE_STREAM_SPLIT$/.test(header.encoding)) otherEncodings += 1;
      }
    }
    // The suite holds pages of both kinds, with and without nulls: the comparison covered them.
    expect(compared).toBeGreaterThan(100);
    expect(indexed).toBeGreaterThan(10);
    expect(withNulls).toBeGreaterThan(10);
    expect(otherEncodings).toBeGreaterThan(3);
  });

  it("reads version-2 data pages as hyparquet does: the suite's, and written with nulls, dictionaries and compression", () => {
    const rows = 5_000;
    const written = parquetWriteBuffer({
      codec: 'SNAPPY',
      columnData: [
        {
          name: 'kind',
          data: Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : `kind ${i % 5}`)),
          type: 'STRING',
        },
        { name: 'count', data: Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : i % 3)), type: 'INT32' },
        { name: 'measure', data: Array.from({ length: rows }, (_, i) => i * 0.25), type: 'DOUBLE' },
        {
          name: 'flag',
          data: Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? null : i % 3 === 0)),
          type: 'BOOLEAN',
        },
      ],
    });
    const buffers = [
      written,
      ...readableFiles().map((file) => {
        const bytes = readFileSync(file);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      }),
    ];
    let compared = 0;
    let indexed = 0;
    let withNulls = 0;
    // Pages of booleans run-length encoded (the suite's rle_boolean_encoding.parquet, the written flags).
    let booleans = 0;
    for (const buffer of buffers)
      for (const { stored, header, column, codec } of flatPagesOf(buffer).pagesV2) {
        const pageHeader = header.data_page_header_v2;
        const type = column.element.type;
        if (!pageHeader || !type) continue;
        const maxDefinition = column.element.repetition_type === 'REQUIRED' ? 0 : 1;
        const reference = flatPageOf(
          readDataPageV2(stored, header, decoderOf(column, codec)),
          pageHeader.num_values,
          pageHeader.encoding,
          maxDefinition,
        );
        const ours = readFlatDataPageV2(
          stored,
          pageHeader,
          Number(header.uncompressed_page_size),
          (values, size) => decompressPage(values, size, codec, parquetCompressors),
          type,
          column.element.type_length,
          maxDefinition,
        );
        if (ours === null) continue;
        expectSamePage(`${buffer === written ? 'written' : 'suite'} ${column.element.name}`, ours, reference);
        compared += 1;
        if (ours.indices) indexed += 1;
        if (ours.defined) withNulls += 1;
        if (pageHeader.encoding === 'RLE') booleans += 1;
      }
    expect(compared).toBeGreaterThan(5);
    expect(indexed).toBeGreaterThan(1);
    expect(withNulls).toBeGreaterThan(1);
    expect(booleans).toBeGreaterThan(0);
  });

  it('refuses a version-2 page whose levels go past the page, disagree with its count of nulls, or whose encoding is not allowed', () => {
    const header = {
      num_values: 16,
      num_nulls: 0,
      num_rows: 16,
      encoding: 'PLAIN',
      definition_levels_byte_length: 2,
      repetition_levels_byte_length: 0,
      is_compressed: false,
    } as const;
    const same = (bytes: Uint8Array) => bytes;
    // Levels: a run of 16 ones (2 bytes), then 16 INT32 values.
    const page = new Uint8Array(2 + 64);
    page.set([32, 1]);
    expect(readFlatDataPageV2(page, header, page.length, same, 'INT32', undefined, 1)?.values).toHaveLength(16);
    expect(() =>
      readFlatDataPageV2(
        page,
        { ...header, definition_levels_byte_length: 99 },
        page.length,
        same,
        'INT32',
        undefined,
        1,
      ),
    ).toThrow(/levels go past the end of the page/);
    expect(() =>
      readFlatDataPageV2(page, { ...header, num_nulls: 3 }, page.length, same, 'INT32', undefined, 1),
    ).toThrow(/says 3 of its 16 values are null; its levels say 0/);
    // Run-length encoded values are allowed for booleans only.
    expect(() =>
      readFlatDataPageV2(page, { ...header, encoding: 'RLE' }, page.length, same, 'INT32', undefined, 1),
    ).toThrow(/holds INT32 values in the RLE encoding, which Parquet does not allow/);
  });

  it('refuses a page whose definition levels or indices are cut short', () => {
    const header = {
      num_values: 16,
      encoding: 'RLE_DICTIONARY',
      definition_level_encoding: 'RLE',
      repetition_level_encoding: 'RLE',
    } as DataPageHeader;
    // Levels: 4 bytes of length (2), a run of 16 ones; then a bit width of 4 and nothing more.
    const page = Uint8Array.from([2, 0, 0, 0, 32, 1, 4]);
    expect(() => readFlatDataPage(page, header, 'INT32', undefined, 1)).toThrow(/end/);
    expect(() => readFlatDataPage(Uint8Array.from([9, 0, 0, 0, 32]), header, 'INT32', undefined, 1)).toThrow(
      /definition levels go past the end of the page/,
    );
    expect(() => readFlatDataPage(Uint8Array.from([2, 0, 0, 0, 32, 7]), header, 'INT32', undefined, 1)).toThrow(
      /definition level of 7/,
    );
  });
});
