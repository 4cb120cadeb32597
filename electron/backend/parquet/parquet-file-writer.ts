import type { ColumnType } from '../db/column-types.js';
import type { ValueColumn } from '../ingest/value-columns.js';
import { ByteOutput } from './byte-output.js';
import { encodeColumn, PHYSICAL_TYPES, type PhysicalType } from './column-encoders.js';
import type { EncodedColumn } from './encoded-column.js';
import { writeHybrid } from './hybrid-encoder.js';
import { CompactWriter } from './thrift-compact-writer.js';

export interface ParquetColumn {
  name: string;
  type: ColumnType;
}

/** Parquet's enumerations, as the footer and page headers number them. */
const TYPE_CODES: Record<PhysicalType, number> = { BOOLEAN: 0, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 };
const OPTIONAL = 1;
const PLAIN = 0;
const RLE = 3;
const RLE_DICTIONARY = 8;
const UNCOMPRESSED = 0;
const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;
const CONVERTED_UTF8 = 0;
const CONVERTED_TIMESTAMP_MILLIS = 9;
const CONVERTED_JSON = 19;

const MAGIC = new TextEncoder().encode('PAR1');
/** A page ends after this many rows, or once its values reach PAGE_BYTES. */
const PAGE_ROWS = 1 << 14;
const PAGE_BYTES = 1 << 20;

interface ChunkRecord {
  column: ParquetColumn;
  rows: number;
  nulls: number;
  offset: number;
  dataPageOffset: number;
  dictionaryPageOffset: number | null;
  size: number;
  min: Uint8Array | null;
  max: Uint8Array | null;
}

interface RowGroupRecord {
  rows: number;
  offset: number;
  size: number;
  chunks: ChunkRecord[];
}

/**
 * Writes a Parquet file of typed columns, one row group at a time: every column optional, values
 * plainly encoded (text and JSON through a dictionary when their values repeat), pages
 * uncompressed, with each column chunk's least and greatest value and count of nulls. The same
 * values give the same bytes.
 */
export class ParquetFileWriter {
  private readonly parts: Uint8Array[] = [MAGIC];
  private offset = MAGIC.length;
  private readonly rowGroups: RowGroupRecord[] = [];

  constructor(private readonly columns: readonly ParquetColumn[]) {}

  /** Adds rows `[start, end)` of the columns' values (one ValueColumn per column) as a row group. */
  addRowGroup(values: readonly ValueColumn[], start: number, end: number): void {
    if (end <= start) return;
    const group: RowGroupRecord = { rows: end - start, offset: this.offset, size: 0, chunks: [] };
    this.columns.forEach((column, index) => {
      const encoded = encodeColumn({ ...column, values: values[index] as ValueColumn, start, end });
      const chunk = this.writeChunk(column, encoded, end - start);
      group.chunks.push(chunk);
      group.size += chunk.size;
    });
    this.rowGroups.push(group);
  }

  /** The whole file, in parts to be written one after another: the row groups so far and the footer. */
  finish(): Uint8Array[] {
    const footer = new ByteOutput();
    writeFileMetaData(new CompactWriter(footer), this.columns, this.rowGroups);
    const footerLength = footer.length;
    footer.uint32(footerLength);
    footer.bytes(MAGIC);
    return [...this.parts, footer.written()];
  }

  private writeChunk(column: ParquetColumn, encoded: EncodedColumn, rows: number): ChunkRecord {
    const pages = Math.ceil(rows / PAGE_ROWS) + 1;
    const output = new ByteOutput(
      encoded.size(0, rows - encoded.nulls) +
        (encoded.dictionary?.bytes.length ?? 0) +
        Math.ceil(rows / 4) +
        64 * pages,
    );
    let dictionaryPageOffset: number | null = null;
    if (encoded.dictionary) {
      dictionaryPageOffset = this.offset;
      writePageHeader(output, DICTIONARY_PAGE, encoded.dictionary.bytes.length, (header) =>
        header.struct(7, () => {
          header.i32(1, (encoded.dictionary as { count: number }).count);
          header.i32(2, PLAIN);
        }),
      );
      output.bytes(encoded.dictionary.bytes);
    }
    const dataPageOffset = this.offset + output.length;
    const encoding = encoded.dictionary ? RLE_DICTIONARY : PLAIN;
    const page = new ByteOutput(PAGE_BYTES + 4096);
    let valueAt = 0;
    for (let row = 0; row < rows; ) {
      const pageStart = row;
      const valueStart = valueAt;
      while (row < rows && row - pageStart < PAGE_ROWS && encoded.size(valueStart, valueAt) < PAGE_BYTES) {
        valueAt += encoded.defined[row] as number;
        row += 1;
      }
      page.length = 0;
      writeDefinitionLevels(page, encoded.defined, pageStart, row);
      // Values of a known size go straight to the chunk, after the header that gives it.
      const valuesInPage = !encoded.exactSize;
      if (valuesInPage) encoded.writeValues(page, valueStart, valueAt);
      const size = page.length + (valuesInPage ? 0 : encoded.size(valueStart, valueAt));
      writePageHeader(output, DATA_PAGE, size, (header) =>
        header.struct(5, () => {
          header.i32(1, row - pageStart);
          header.i32(2, encoding);
          header.i32(3, RLE);
          header.i32(4, RLE);
        }),
      );
      output.bytes(page.written());
      if (!valuesInPage) encoded.writeValues(output, valueStart, valueAt);
    }
    const chunk = {
      column,
      rows,
      nulls: encoded.nulls,
      offset: this.offset,
      dataPageOffset,
      dictionaryPageOffset,
      size: output.length,
      min: encoded.min,
      max: encoded.max,
    };
    this.parts.push(output.written());
    this.offset += output.length;
    return chunk;
  }
}

/** Definition levels of a version-1 page: their length in 4 bytes, then the levels (1 bit each). */
function writeDefinitionLevels(page: ByteOutput, defined: Uint8Array, start: number, end: number): void {
  const lengthAt = page.length;
  page.uint32(0);
  writeHybrid(page, defined, start, end, 1);
  page.uint32At(lengthAt, page.length - lengthAt - 4);
}

function writePageHeader(
  output: ByteOutput,
  type: number,
  size: number,
  writeTypeHeader: (header: CompactWriter) => void,
): void {
  const header = new CompactWriter(output);
  header.message(() => {
    header.i32(1, type);
    header.i32(2, size);
    header.i32(3, size);
    writeTypeHeader(header);
  });
}

function writeSchemaElement(footer: CompactWriter, column: ParquetColumn): void {
  footer.i32(1, TYPE_CODES[PHYSICAL_TYPES[column.type]]);
  footer.i32(3, OPTIONAL);
  footer.string(4, column.name);
  const empty = () => {};
  switch (column.type) {
    case 'text':
      footer.i32(6, CONVERTED_UTF8);
      footer.struct(10, () => footer.struct(1, empty));
      break;
    case 'json':
      footer.i32(6, CONVERTED_JSON);
      footer.struct(10, () => footer.struct(12, empty));
      break;
    case 'timestamp':
    case 'date':
      footer.i32(6, CONVERTED_TIMESTAMP_MILLIS);
      footer.struct(10, () =>
        footer.struct(8, () => {
          footer.bool(1, true);
          footer.struct(2, () => footer.struct(1, empty));
        }),
      );
      break;
    default:
      break;
  }
}

function writeColumnChunk(footer: CompactWriter, chunk: ChunkRecord): void {
  footer.i64(2, chunk.offset);
  footer.struct(3, () => {
    footer.i32(1, TYPE_CODES[PHYSICAL_TYPES[chunk.column.type]]);
    footer.i32List(2, chunk.dictionaryPageOffset === null ? [PLAIN, RLE] : [PLAIN, RLE, RLE_DICTIONARY]);
    footer.stringList(3, [chunk.column.name]);
    footer.i32(4, UNCOMPRESSED);
    footer.i64(5, chunk.rows);
    footer.i64(6, chunk.size);
    footer.i64(7, chunk.size);
    footer.i64(9, chunk.dataPageOffset);
    if (chunk.dictionaryPageOffset !== null) footer.i64(11, chunk.dictionaryPageOffset);
    footer.struct(12, () => {
      footer.i64(3, chunk.nulls);
      if (chunk.max && chunk.min) {
        footer.binary(5, chunk.max);
        footer.binary(6, chunk.min);
      }
    });
  });
}

function writeFileMetaData(
  footer: CompactWriter,
  columns: readonly ParquetColumn[],
  rowGroups: readonly RowGroupRecord[],
): void {
  footer.message(() => {
    footer.i32(1, 2);
    footer.structList(2, [null, ...columns], (column) => {
      if (column) writeSchemaElement(footer, column);
      else {
        footer.string(4, 'schema');
        footer.i32(5, columns.length);
      }
    });
    footer.i64(
      3,
      rowGroups.reduce((rows, group) => rows + group.rows, 0),
    );
    footer.structList(4, rowGroups, (group, ordinal) => {
      footer.structList(1, group.chunks, (chunk) => writeColumnChunk(footer, chunk));
      footer.i64(2, group.size);
      footer.i64(3, group.rows);
      footer.i64(5, group.offset);
      footer.i64(6, group.size);
      footer.i16(7, ordinal);
    });
    footer.string(6, 'triad');
    // Every column's statistics order its values as its type defines.
    footer.structList(7, columns, () => footer.struct(1, () => {}));
  });
}

/** Rows in each row group of `writeParquet`'s files. */
const ROW_GROUP_ROWS = 1 << 17;

/** Columns held as ValueColumns as a Parquet file (in parts, written one after another), in row groups of 131,072 rows. */
export function writeParquet(
  columns: readonly ParquetColumn[],
  values: readonly ValueColumn[],
  rows: number,
): Uint8Array[] {
  const writer = new ParquetFileWriter(columns);
  for (let start = 0; start < rows; start += ROW_GROUP_ROWS)
    writer.addRowGroup(values, start, Math.min(rows, start + ROW_GROUP_ROWS));
  return writer.finish();
}

/** A file's parts as one array of bytes. */
export function joinedParts(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
