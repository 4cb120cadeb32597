import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type AsyncBuffer,
  type ColumnData,
  type CompressionCodec,
  type ConvertedType,
  type FileMetaData,
  type LogicalType,
  type ParquetType,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type RowGroup,
  type SchemaTree,
} from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { TriadError } from '../../../../shared/contract/errors.js';
import { type PackedText, packTexts, packUtf8Ranges } from '../packed-text.js';
import {
  type DeclaredType,
  type RawValue,
  type RecordBatch,
  type RecordSource,
  type SourceField,
  type SourceShare,
  UnreadableValue,
} from '../record-source.js';
import { recycleBuffers, recycled } from '../recycled-buffers.js';
import { decimalDeclaredType } from './decimal-values.js';
import { uniqueFieldNames } from './field-names.js';
import { unsupportedColumnReason } from './parquet-column-kinds.js';
import { parquetCompressors, parquetCompressorsReady } from './parquet-compressors.js';
import { decimalOf, decodeFlatColumn, type FlatColumn, flatColumnPlan } from './parquet-flat-column.js';

const MAGIC = 'PAR1';
const ENCRYPTED_MAGIC = 'PARE';
/** The leading marker, the footer length and the trailing marker. */
const SMALLEST_FILE = 12;
const textDecoder = new TextDecoder();
/**
 * The largest page decoded, once decompressed: a bigger one (a value of a gigabyte, say) is refused
 * from its header instead of being decompressed for seconds and failing on a string too long to build.
 */
const LARGEST_PAGE_BYTES = 256 * 1024 * 1024;
const CODECS = new Set<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW']);

const BY_LOGICAL_TYPE: Partial<Record<LogicalType['type'], DeclaredType>> = {
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  STRING: 'text',
  ENUM: 'text',
  UUID: 'text',
  JSON: 'json',
  GEOMETRY: 'json',
  GEOGRAPHY: 'json',
  FLOAT16: 'real',
  INTEGER: 'integer',
  TIME: 'integer',
};

const BY_CONVERTED_TYPE: Partial<Record<ConvertedType, DeclaredType>> = {
  TIMESTAMP_MILLIS: 'timestamp',
  TIMESTAMP_MICROS: 'timestamp',
  DATE: 'date',
  UTF8: 'text',
  ENUM: 'text',
  JSON: 'json',
};

const BY_PHYSICAL_TYPE: Record<ParquetType, DeclaredType> = {
  BOOLEAN: 'boolean',
  INT32: 'integer',
  INT64: 'integer',
  INT96: 'timestamp',
  FLOAT: 'real',
  DOUBLE: 'real',
  BYTE_ARRAY: 'binary',
  FIXED_LEN_BYTE_ARRAY: 'binary',
};

type Converter = (value: unknown) => RawValue;

const INT96_OUT_OF_RANGE = new UnreadableValue(
  'the INT96 timestamp is out of range (past the range of dates, or written past 64-bit nanoseconds)',
);

interface Column {
  /** The name in the file, which hyparquet reports chunks under; `field.name` is made unique for SQLite. */
  key: string;
  field: SourceField;
  convert: Converter;
  /** The root and the column's node, and how to decode it without hyparquet's assembly (null: not this way). */
  schemaPath: SchemaTree[];
  flat: ReturnType<typeof flatColumnPlan>;
}

/** A row group's values of one column: decoded here, or as hyparquet gives them. */
type GroupColumn = FlatColumn | { kind: 'raw'; values: ArrayLike<unknown> };

interface Footer {
  metadata: FileMetaData;
  columns: Column[];
  groupRows: number[];
}

/** Opens a Parquet file and reads its footer; the row groups are decoded one at a time as batches are pulled. */
export async function openParquetSource(path: string): Promise<RecordSource> {
  const name = basename(path);
  const handle = await open(path, 'r');
  try {
    const file = fileSlices(handle, (await handle.stat()).size, name);
    await checkMarkers(file, name);
    return new ParquetSource(handle, file, await readFooter(file, name), name);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

class ParquetSource implements RecordSource {
  readonly format = 'parquet';
  readonly totalBytes: number;
  private readonly columns: Column[];
  private readonly totalRows: number;

  constructor(
    private readonly handle: FileHandle,
    private readonly file: AsyncBuffer,
    private readonly footer: Footer,
    private readonly name: string,
  ) {
    this.totalBytes = file.byteLength;
    this.columns = footer.columns;
    this.totalRows = footer.groupRows.reduce((sum, rows) => sum + rows, 0);
  }

  async fields(): Promise<SourceField[]> {
    return this.columns.map((column) => ({ ...column.field }));
  }

  get parts(): number {
    return this.footer.groupRows.length;
  }

  async *batches(batchRows: number, share: SourceShare = { index: 0, of: 1 }): AsyncIterable<RecordBatch> {
    if (!Number.isInteger(batchRows) || batchRows < 1) throw new RangeError(`batchRows must be a positive integer`);
    let groupStart = 0;
    for (const [index, groupRows] of this.footer.groupRows.entries()) {
      if (index % share.of !== share.index) {
        groupStart += groupRows;
        continue;
      }
      const group = await this.readRowGroup(index, groupStart, groupRows);
      const valueAt = (column: number, row: number) => this.valueAt(group, column, row);
      for (let start = 0; start < groupRows; start += batchRows) {
        const end = Math.min(start + batchRows, groupRows);
        const rowsDone = groupStart + end;
        const width = this.columns.length;
        let rows: RawValue[][] | null = null;
        yield {
          get rows() {
            rows ??= Array.from({ length: end - start }, (_, row) =>
              Array.from({ length: width }, (_, column) => valueAt(column, start + row)),
            );
            return rows;
          },
          columns: {
            rowCount: end - start,
            valueAt: (column, row) => valueAt(column, start + row),
            numbersAt: (column, type) => this.numbersAt(group, column, type, start, end),
            textsAt: (column) => this.textsAt(group, column, start, end),
          },
          firstRowNumber: groupStart + start + 1,
          rejected: [],
          bytesRead: Math.round((this.totalBytes * rowsDone) / this.totalRows),
          endsPart: end === groupRows,
        };
      }
      // Its batches are made (each copied what it took): the next row group decodes into this one's memory.
      recycleBuffers(decodedMemory(group));
      groupStart += groupRows;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** A value as the general way reads it: Dates for times, booleans, numbers, text; null for missing. */
  private valueAt(group: GroupColumn[], column: number, row: number): RawValue {
    const values = group[column] as GroupColumn;
    if (values.kind === 'raw') return (this.columns[column] as Column).convert(values.values[row]);
    if (values.kind === 'text') {
      const { bytes, entryStarts, entryEnds, entries } = values.values;
      const entry = entries[row] as number;
      // Bytes that are not UTF-8 read with replacement characters, as hyparquet reads text.
      return entry < 0 ? null : textDecoder.decode(bytes.subarray(entryStarts[entry], entryEnds[entry]));
    }
    const value = values.values[row] ?? null;
    if (value === null) return value;
    if (Number.isNaN(value)) return null;
    if (value === Number.POSITIVE_INFINITY && values.kind === 'numbers' && values.outOfRange) return INT96_OUT_OF_RANGE;
    switch ((this.columns[column] as Column).field.declaredType) {
      case 'timestamp':
      case 'date':
        return new Date(value as number);
      case 'boolean':
        return value === 1;
      default:
        return value;
    }
  }

  /** Rows `start` to `end` of a column decoded here as numbers, when the file declares the type asked for. */
  private numbersAt(group: GroupColumn[], column: number, type: DeclaredType, start: number, end: number) {
    const values = group[column] as GroupColumn;
    if (type !== this.columns[column]?.field.declaredType || values.kind !== 'numbers' || values.outOfRange)
      return null;
    // A copy: the batch's numbers are handed to another thread, the row group's stay here.
    const numbers = recycled.float64(end - start);
    numbers.set(values.values.subarray(start, end));
    return numbers;
  }

  /** Rows `start` to `end` of a text column decoded here, packed, when the file declares it text. */
  private textsAt(group: GroupColumn[], column: number, start: number, end: number): PackedText | null {
    const values = group[column] as GroupColumn;
    if (this.columns[column]?.field.declaredType !== 'text' || values.kind !== 'text') return null;
    const { bytes, entryStarts, entryEnds, entries } = values.values;
    const starts = recycled.int32(end - start);
    const ends = recycled.int32(end - start);
    for (let row = start; row < end; row += 1) {
      const entry = entries[row] as number;
      starts[row - start] = entry < 0 ? -1 : (entryStarts[entry] as number);
      ends[row - start] = entry < 0 ? -1 : (entryEnds[entry] as number);
    }
    return (
      packUtf8Ranges(bytes, starts, ends) ??
      packTexts(Array.from({ length: end - start }, (_, row) => this.valueAt(group, column, start + row)))
    );
  }

  /** Decodes one row group column by column; rows are built later, one batch at a time. */
  private async readRowGroup(index: number, groupStart: number, groupRows: number): Promise<GroupColumn[]> {
    // Readied here, not when the file opens: a thread that only reads the schema never decodes a page.
    await parquetCompressorsReady();
    const group = this.footer.metadata.row_groups[index];
    const ranges = chunkRanges(group);
    const file = withCheckedPages(this.file, ranges, this.name);
    const damaged = (error: unknown) =>
      error instanceof TriadError
        ? error
        : new TriadError(
            'invalid_input',
            `${this.name} is damaged: row group ${index + 1} of ${this.footer.groupRows.length} could not be decoded (${messageOf(error)}).`,
          );
    const decoded = await Promise.all(
      this.columns.map(async (column): Promise<FlatColumn | null> => {
        const chunk = group?.columns.find(
          ({ meta_data: meta }) => meta?.path_in_schema.length === 1 && meta.path_in_schema[0] === column.key,
        );
        const meta = chunk?.meta_data;
        if (!column.flat || !meta) return null;
        const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
        try {
          const bytes = new Uint8Array(await file.slice(start, start + Number(meta.total_compressed_size)));
          return decodeFlatColumn(bytes, meta, column.schemaPath, column.flat, groupRows);
        } catch (error) {
          throw damaged(error);
        }
      }),
    );
    const rest = this.columns.filter((_, column) => !decoded[column]);
    const chunks = new Map<string, ColumnData[]>(rest.map((column) => [column.key, []]));
    if (rest.length > 0) {
      try {
        await parquetRead({
          file,
          metadata: this.footer.metadata,
          columns: rest.map((column) => column.key),
          compressors: parquetCompressors,
          utf8: false,
          rowStart: groupStart,
          rowEnd: groupStart + groupRows,
          onChunk: (chunk) => chunks.get(chunk.columnName)?.push(chunk),
        });
      } catch (error) {
        throw damaged(error);
      }
    }
    return this.columns.map(({ key }, column): GroupColumn => {
      const flat = decoded[column];
      if (flat) return flat;
      const values = joinChunks(chunks.get(key) ?? [], groupStart, groupRows);
      if (!values) {
        throw new TriadError(
          'invalid_input',
          `${this.name} is damaged: column "${key}" in row group ${index + 1} holds fewer values than the ${groupRows} rows its footer declares.`,
        );
      }
      return { kind: 'raw', values };
    });
  }
}

/** Reads only the byte ranges hyparquet asks for, so memory follows the row group, not the file. */
function fileSlices(handle: FileHandle, byteLength: number, name: string): AsyncBuffer {
  async function read(start: number, end: number): Promise<ArrayBuffer> {
    if (start < 0 || end > byteLength || start > end) {
      throw new TriadError(
        'invalid_input',
        `${name} is damaged: it points to bytes ${start} to ${end}, but the file has ${byteLength} bytes.`,
      );
    }
    const bytes = new Uint8Array(end - start);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, start + filled);
      if (bytesRead === 0) throw new TriadError('invalid_input', `${name} became shorter while it was being read.`);
      filled += bytesRead;
    }
    return bytes.buffer;
  }
  return {
    byteLength,
    slice(start: number, end = byteLength): Promise<ArrayBuffer> {
      const bytes = read(start, end);
      // hyparquet prefetches ranges it may never await; a failed read must not become an unhandled rejection.
      bytes.catch(() => {});
      return bytes;
    },
  };
}

/** Where a column chunk lies in the file, and the top-level column it belongs to. */
interface ChunkRange {
  start: number;
  end: number;
  column: string;
}

function chunkRanges(group: RowGroup | undefined): ChunkRange[] {
  return (group?.columns ?? []).flatMap(({ meta_data: meta }) => {
    if (!meta) return [];
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    return [{ start, end: start + Number(meta.total_compressed_size), column: meta.path_in_schema[0] ?? '' }];
  });
}

/**
 * hyparquet loops forever on a DATA_PAGE_V2 header that lacks its level lengths (found by corrupting files),
 * so the page headers of every column chunk are checked as the chunk is read, before hyparquet decodes it.
 */
function withCheckedPages(file: AsyncBuffer, chunks: ChunkRange[], name: string): AsyncBuffer {
  return {
    byteLength: file.byteLength,
    slice(start: number, end = file.byteLength): Promise<ArrayBuffer> {
      const checked = Promise.resolve(file.slice(start, end)).then((buffer) => {
        for (const chunk of chunks) {
          if (chunk.start >= start && chunk.end <= end) checkPageHeaders(buffer, start, chunk, name);
        }
        return buffer;
      });
      checked.catch(() => {});
      return checked;
    },
  };
}

/** Walks the page headers of one chunk inside a buffer that was read from byte `bufferStart` of the file. */
function checkPageHeaders(buffer: ArrayBuffer, bufferStart: number, chunk: ChunkRange, name: string): void {
  for (let offset = chunk.start; offset < chunk.end; ) {
    const reader = { view: new DataView(buffer, offset - bufferStart, chunk.end - offset), offset: 0 };
    const header = parquetHeader(reader);
    const v2 = header.data_page_header_v2;
    const levelsKnown = isCount(v2?.definition_levels_byte_length) && isCount(v2?.repetition_levels_byte_length);
    if (!isCount(header.compressed_page_size) || (header.type === 'DATA_PAGE_V2' && !levelsKnown)) {
      throw new Error(`the page header at byte ${offset} is damaged`);
    }
    if (header.uncompressed_page_size > LARGEST_PAGE_BYTES) {
      throw new TriadError(
        'invalid_input',
        `${name} cannot be imported: a value in column "${chunk.column}" is too large (its page holds ${header.uncompressed_page_size} bytes once decompressed, more than the ${LARGEST_PAGE_BYTES} bytes Triad decodes at once).`,
      );
    }
    offset += reader.offset + header.compressed_page_size;
  }
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

async function checkMarkers(file: AsyncBuffer, name: string): Promise<void> {
  if (file.byteLength < SMALLEST_FILE) {
    throw new TriadError('invalid_input', `${name} is not a Parquet file (it is only ${file.byteLength} bytes long).`);
  }
  const head = textDecoder.decode(await file.slice(0, 4));
  const tail = textDecoder.decode(await file.slice(file.byteLength - 4));
  if (tail === ENCRYPTED_MAGIC) {
    throw encryptedFile(name);
  }
  if (tail !== MAGIC) {
    throw new TriadError(
      'invalid_input',
      head === MAGIC
        ? `${name} is truncated or damaged: it starts like a Parquet file but does not end with the PAR1 marker.`
        : `${name} is not a Parquet file (it does not end with the PAR1 marker).`,
    );
  }
}

async function readFooter(file: AsyncBuffer, name: string): Promise<Footer> {
  try {
    const metadata = await parquetMetadataAsync(file);
    const schema = parquetSchema(metadata);
    checkColumnChunks(metadata, schema, file.byteLength, name);
    for (const column of schema.children) {
      const reason = unsupportedColumnReason(column);
      if (reason) throw new TriadError('invalid_input', `${name} cannot be imported: ${reason}.`);
    }
    const names = uniqueFieldNames(schema.children.map((node) => node.element.name));
    const columns = schema.children.map((node, index): Column => {
      const declaredType = declaredTypeOf(node);
      const field = { name: names[index] as string, declaredType };
      return {
        key: node.element.name,
        field,
        convert: converterFor(declaredType),
        schemaPath: [schema, node],
        flat: flatColumnPlan(node),
      };
    });
    const groupRows = metadata.row_groups.map((group, index) => {
      const rows = Number(group.num_rows);
      if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`row group ${index + 1} has no valid row count`);
      return rows;
    });
    return { metadata, columns, groupRows };
  } catch (error) {
    if (error instanceof TriadError) throw error;
    throw new TriadError('invalid_input', `${name} has a damaged Parquet footer (${messageOf(error)}).`);
  }
}

/**
 * hyparquet starts reading a row group's first columns before it looks at the later ones, so a bad chunk
 * found late would leave failed reads that nobody awaits (unhandled rejections); check them all up front.
 */
function checkColumnChunks(metadata: FileMetaData, schema: SchemaTree, fileBytes: number, name: string): void {
  const leaves = leafPaths(schema);
  const dataEnd = fileBytes - metadata.metadata_length - 8;
  for (const [groupIndex, group] of metadata.row_groups.entries()) {
    if (group.columns.length !== leaves.length) {
      throw new Error(
        `row group ${groupIndex + 1} has ${group.columns.length} column chunks for ${leaves.length} columns`,
      );
    }
    for (const [columnIndex, chunk] of group.columns.entries()) {
      const { meta_data: meta, file_path: elsewhere } = chunk;
      const where = `row group ${groupIndex + 1}, column ${columnIndex + 1}`;
      if (chunk.crypto_metadata || chunk.encrypted_column_metadata) throw encryptedFile(name);
      if (elsewhere) throw new Error(`${where} is stored in another file, ${elsewhere}`);
      if (!meta || meta.path_in_schema.join('.') !== leaves[columnIndex])
        throw new Error(`${where} does not match the schema`);
      if (!CODECS.has(meta.codec)) throw new Error(`${where} has an unknown compression`);
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (!(start >= 4 && end >= start && end <= dataEnd)) throw new Error(`${where} points outside the file's data`);
    }
  }
}

/** Encrypted footers end with PARE; a plaintext footer marks its encrypted column chunks. */
function encryptedFile(name: string): TriadError {
  return new TriadError('invalid_input', `${name} is an encrypted Parquet file, which Triad cannot read.`);
}

function leafPaths(node: SchemaTree): string[] {
  return node.children.length > 0 ? node.children.flatMap(leafPaths) : [node.path.join('.')];
}

function declaredTypeOf({ element, children }: SchemaTree): DeclaredType | undefined {
  if (children.length > 0 || element.repetition_type === 'REPEATED') return 'json';
  const decimal = decimalOf(element);
  if (decimal) return decimalDeclaredType(decimal.precision);
  return (
    (element.logical_type && BY_LOGICAL_TYPE[element.logical_type.type]) ??
    (element.converted_type && BY_CONVERTED_TYPE[element.converted_type]) ??
    (element.type && BY_PHYSICAL_TYPE[element.type])
  );
}

function converterFor(declaredType: DeclaredType | undefined): Converter {
  switch (declaredType) {
    case 'integer':
      return (value) => (typeof value === 'bigint' ? safeInteger(value) : ((value as RawValue | undefined) ?? null));
    case 'text':
      // ENUM columns arrive as bytes because plain BYTE_ARRAY must stay binary (utf8: false).
      return (value) =>
        value instanceof Uint8Array ? textDecoder.decode(value) : ((value as RawValue | undefined) ?? null);
    case 'json':
      return plain;
    default:
      return (value) => (value as RawValue | undefined) ?? null;
  }
}

/** Puts a row group's column pieces together, or returns undefined when they do not cover every row. */
function joinChunks(chunks: ColumnData[], groupStart: number, groupRows: number): ArrayLike<unknown> | undefined {
  const groupEnd = groupStart + groupRows;
  const [only] = chunks;
  if (chunks.length === 1 && only && only.rowStart === groupStart && only.rowEnd >= groupEnd) return only.columnData;
  const values: unknown[] = new Array(groupRows);
  let covered = 0;
  for (const chunk of chunks) {
    const from = Math.max(chunk.rowStart, groupStart);
    const to = Math.min(chunk.rowEnd, groupEnd);
    for (let row = from; row < to; row++) values[row - groupStart] = chunk.columnData[row - chunk.rowStart];
    covered += Math.max(0, to - from);
  }
  return covered === groupRows ? values : undefined;
}

function safeInteger(value: bigint): number | bigint {
  return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value;
}

/** Nested values become plain arrays and objects, with bigints narrowed like top-level integers. */
function plain(value: unknown): RawValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return safeInteger(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array || value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, plain);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value as RawValue;
}

function decodedMemory(group: readonly GroupColumn[]): ArrayBuffer[] {
  return group.flatMap((column) => {
    if (column.kind === 'numbers') return [column.values.buffer as ArrayBuffer];
    if (column.kind === 'text') return [column.values.entries.buffer as ArrayBuffer];
    return [];
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
