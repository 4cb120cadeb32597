import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type DataPageHeader, parquetMetadata, parquetSchema, type SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage } from 'hyparquet/src/datapage.js';
import { describe, expect, it } from 'vitest';
import { parquetCompressors } from './parquet-compressors.js';
import { flatPageOf, readFlatDataPage } from './parquet-data-page.js';

const SUITE = join(import.meta.dirname, '..', 'conformance', 'parquet-testing', 'data');

interface PageCase {
  bytes: Uint8Array;
  header: DataPageHeader;
  column: SchemaTree;
  codec: string;
}

/** Every version-1 data page of every top-level, non-repeated column of a file, decompressed. */
function flatDataPages(file: string): PageCase[] {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(buffer);
  const schema = parquetSchema(metadata);
  const pages: PageCase[] = [];
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
        if (header.type !== 'DATA_PAGE' || !header.data_page_header) continue;
        const page = decompressPage(compressed, Number(header.uncompressed_page_size), meta.codec, parquetCompressors);
        pages.push({ bytes: page, header: header.data_page_header, column, codec: meta.codec });
      }
    }
  return pages;
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
  it('reads every version-1 data page of the parquet-testing suite as hyparquet does', () => {
    let compared = 0;
    let indexed = 0;
    let withNulls = 0;
    for (const file of readableFiles()) {
      for (const { bytes, header, column } of flatDataPages(file)) {
        const maxDefinition = column.element.repetition_type === 'REQUIRED' ? 0 : 1;
        const type = column.element.type;
        if (!type) continue;
        let reference: ReturnType<typeof flatPageOf>;
        try {
          const decoder = {
            pathInSchema: [column.element.name],
            element: column.element,
            schemaPath: [{ element: { name: 'root' }, children: [column], count: 1, path: [] } as SchemaTree, column],
            type,
            codec: 'UNCOMPRESSED' as const,
            utf8: false,
            parsers: DEFAULT_PARSERS,
          };
          reference = flatPageOf(
            readDataPage(bytes, header, decoder),
            header.num_values,
            header.encoding,
            maxDefinition,
          );
        } catch {
          continue;
        }
        const ours = readFlatDataPage(bytes, header, type, column.element.type_length, maxDefinition);
        if (ours === null) continue;
        const name = `${relative(SUITE, file)} ${column.element.name}`;
        expect([name, ours.rows, ours.defined && Array.from(ours.defined)]).toEqual([
          name,
          reference.rows,
          reference.defined && Array.from(reference.defined),
        ]);
        expect([name, ours.indices && Array.from(ours.indices)]).toEqual([
          name,
          reference.indices && Array.from(reference.indices),
        ]);
        expect([name, ours.values && Array.from(ours.values)]).toEqual([
          name,
          reference.values && Array.from(reference.values),
        ]);
        compared += 1;
        if (ours.indices) indexed += 1;
        if (ours.defined) withNulls += 1;
      }
    }
    // The suite holds pages of both kinds, with and without nulls: the comparison covered them.
    expect(compared).toBeGreaterThan(100);
    expect(indexed).toBeGreaterThan(10);
    expect(withNulls).toBeGreaterThan(10);
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
