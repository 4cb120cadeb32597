import type { ColumnMetaData, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { recycleBuffers, recycled } from '../recycled-buffers.js';
import { bigEndianSigned, decimalConverter, decimalDeclaredType } from './decimal-values.js';
import { parquetCompressors as compressors } from './parquet-compressors.js';
import { type FlatPage, flatPageOf, pageMemory, readFlatDataPage, readFlatDataPageV2 } from './parquet-data-page.js';

/**
 * Decodes a top-level, non-repeated Parquet column straight into a Float64Array (numbers, with
 * NaN for null) or an array of strings: hyparquet's page decoding, without its nested-list
 * assembly and without a BigInt per INT64 or a Date per timestamp. Values come out as hyparquet's
 * own conversion would give them (then read as numbers): integers, milliseconds for timestamps
 * and dates, 1/0 for booleans; decimals from their exact unscaled integers (hyparquet would scale
 * them by a power of ten in floating point). Columns this does not cover go through hyparquet whole.
 */

/** How a column's stored values become what the table holds. */
type Plan =
  | { kind: 'int32' }
  | { kind: 'int64'; divisor: number }
  | { kind: 'float' }
  | { kind: 'days' }
  | { kind: 'boolean' }
  | { kind: 'int96' }
  | { kind: 'text' }
  | { kind: 'decimal'; convert: (unscaled: bigint) => number | string; asText: boolean };

/**
 * `outOfRange` says some values (INT96 timestamps past the range of dates, or damaged) are
 * held as Infinity: the source quarantines their rows.
 */
export type FlatColumn =
  | { kind: 'numbers'; values: Float64Array; outOfRange: boolean }
  | { kind: 'text'; values: TextRows };

/**
 * A row group's text column: its values' bytes as stored (not yet checked as UTF-8), cut into
 * entries (a dictionary's once, however many rows use them; a plain page's one per value), and
 * each row's entry (a null: -1).
 */
export interface TextRows {
  bytes: Uint8Array;
  entryStarts: Int32Array;
  entryEnds: Int32Array;
  entries: Int32Array;
}

const DAY_MS = 86_400_000;
const TWO_TO_32 = 2 ** 32;
const TIMESTAMP_DIVISORS = { MILLIS: 1, MICROS: 1000, NANOS: 1_000_000 } as const;
const LOW_64_BITS = (1n << 64n) - 1n;
const NANOS_PER_DAY = 86_400_000_000_000n;
const JULIAN_DAY_OF_EPOCH = 2_440_588n;
/** The range of JavaScript dates, ±10^8 days around the epoch. */
const LAST_DATE_MS = 8.64e15;

/** Whether (and how) a column can be decoded here; null leaves it to hyparquet. */
export function flatColumnPlan(node: SchemaTree): Plan | null {
  const { element } = node;
  if (node.children.length > 0 || element.repetition_type === 'REPEATED') return null;
  const decimal = decimalOf(element);
  if (decimal) {
    const convert = decimalConverter(decimal.precision, decimal.scale);
    return { kind: 'decimal', convert, asText: decimalDeclaredType(decimal.precision) === 'text' };
  }
  const logical = element.logical_type;
  const converted = element.converted_type;
  switch (element.type) {
    case 'INT32':
      if (logical?.type === 'DATE' || converted === 'DATE') return { kind: 'days' };
      return plainInteger(element) ? { kind: 'int32' } : null;
    case 'INT64':
      if (logical?.type === 'TIMESTAMP') return { kind: 'int64', divisor: TIMESTAMP_DIVISORS[logical.unit] };
      if (converted === 'TIMESTAMP_MILLIS') return { kind: 'int64', divisor: 1 };
      if (converted === 'TIMESTAMP_MICROS') return { kind: 'int64', divisor: 1000 };
      return plainInteger(element) ? { kind: 'int64', divisor: 1 } : null;
    case 'FLOAT':
    case 'DOUBLE':
      return logical || converted ? null : { kind: 'float' };
    case 'BOOLEAN':
      return { kind: 'boolean' };
    case 'INT96':
      return logical || converted ? null : { kind: 'int96' };
    case 'BYTE_ARRAY':
      return logical?.type === 'STRING' || logical?.type === 'ENUM' || converted === 'UTF8' || converted === 'ENUM'
        ? { kind: 'text' }
        : null;
    default:
      return null;
  }
}

/** The precision and scale of a decimal column (INT32, INT64 or binary), or null for another column. */
export function decimalOf(element: SchemaElement): { precision: number; scale: number } | null {
  const logical = element.logical_type;
  if (logical?.type === 'DECIMAL') return { precision: logical.precision, scale: logical.scale };
  if (element.converted_type === 'DECIMAL') return { precision: element.precision ?? 0, scale: element.scale ?? 0 };
  return null;
}

/** A signed integer with no other meaning (not unsigned, decimal, time or the like). */
function plainInteger(element: SchemaElement): boolean {
  const { logical_type: logical, converted_type: converted } = element;
  if (logical) return logical.type === 'INTEGER' && logical.isSigned;
  return (
    converted === undefined ||
    converted === 'INT_8' ||
    converted === 'INT_16' ||
    converted === 'INT_32' ||
    converted === 'INT_64'
  );
}

/** A quotient truncated toward zero, exactly, for integers below 2^53. */
function divideTruncating(value: number, divisor: number): number {
  if (divisor === 1) return value;
  let quotient = Math.trunc(value / divisor);
  const product = quotient * divisor;
  if (value >= 0 && product > value) quotient -= 1;
  if (value < 0 && product < value) quotient += 1;
  return quotient;
}

/**
 * Milliseconds of an INT96 timestamp (nanoseconds of the day, then the Julian day) as hyparquet
 * reads it: one bigint holding the day above the low 64 bits, or Infinity when the nanoseconds are
 * not those of a day (Spark writes such values for dates past 64-bit nanoseconds, e.g. year
 * 290000) or the date is past the range of dates.
 */
function int96Milliseconds(value: bigint): number {
  const nanos = value & LOW_64_BITS;
  if (nanos >= NANOS_PER_DAY) return Number.POSITIVE_INFINITY;
  const days = (value >> 64n) - JULIAN_DAY_OF_EPOCH;
  const ms = Number(days * 86_400_000n + nanos / 1_000_000n);
  return Math.abs(ms) > LAST_DATE_MS ? Number.POSITIVE_INFINITY : ms;
}

/** Thrown when a value cannot be held exactly as a number here (an INT64 beyond 2^53): the column goes through hyparquet. */
class NotPlain extends Error {}

/** Values of a decoded page (or dictionary) as numbers, reading INT64 as two 32-bit halves. */
function pageNumbers(decoded: ArrayLike<unknown>, plan: Plan): Float64Array {
  const count = decoded.length;
  if (plan.kind === 'decimal') return Float64Array.from(decimalValues(decoded, plan) as number[]);
  const numbers = new Float64Array(count);
  if (plan.kind === 'int64' && decoded instanceof BigInt64Array) {
    const halves = new Int32Array(decoded.buffer, decoded.byteOffset, count * 2);
    for (let index = 0; index < count; index += 1) {
      const high = halves[index * 2 + 1] as number;
      if (high < -0x200000 || high >= 0x200000) throw new NotPlain();
      const value = high * TWO_TO_32 + ((halves[index * 2] as number) >>> 0);
      numbers[index] = divideTruncating(value, plan.divisor);
    }
    return numbers;
  }
  for (let index = 0; index < count; index += 1) {
    const value = decoded[index];
    if (plan.kind === 'int96' && typeof value === 'bigint') numbers[index] = int96Milliseconds(value);
    else if (typeof value === 'number') numbers[index] = plan.kind === 'days' ? value * DAY_MS : value;
    else if (typeof value === 'boolean') numbers[index] = value ? 1 : 0;
    else if (typeof value === 'bigint') {
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new NotPlain();
      numbers[index] = divideTruncating(Number(value), plan.kind === 'int64' ? plan.divisor : 1);
    } else throw new NotPlain();
  }
  return numbers;
}

/** A page's decimals: numbers, or text when the column is stored as text. */
function decimalValues(decoded: ArrayLike<unknown>, plan: Extract<Plan, { kind: 'decimal' }>): (number | string)[] {
  return Array.from(decoded, (value) => {
    if (value instanceof Uint8Array) return plan.convert(bigEndianSigned(value));
    if (typeof value === 'number' || typeof value === 'bigint') return plan.convert(BigInt(value));
    throw new Error(`a decimal is stored as ${typeof value}`);
  });
}

/** Text values appended one after another as numbered entries: their bytes and where each lies. */
class TextEntries {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private count = 0;

  /**
   * Appends a page's (or dictionary's) values; returns each one's entry number. Decimals stored as
   * text are written in their decimal notation.
   */
  add(decoded: ArrayLike<unknown>, plan: Plan): Int32Array {
    const values = plan.kind === 'decimal' ? decimalValues(decoded, plan) : decoded;
    const numbers = new Int32Array(values.length);
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index];
      if (value instanceof Uint8Array) numbers[index] = this.append(value);
      else if (typeof value === 'string') numbers[index] = this.append(textEncoder.encode(value));
      else throw new Error(`a text value is stored as ${typeof value}`);
    }
    return numbers;
  }

  finish(entries: Int32Array): TextRows {
    return {
      bytes: this.bytes.subarray(0, this.length),
      entryStarts: this.starts.subarray(0, this.count),
      entryEnds: this.ends.subarray(0, this.count),
      entries,
    };
  }

  private append(value: Uint8Array): number {
    if (this.length + value.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + value.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    if (this.count === this.starts.length) {
      this.starts = grownInts(this.starts);
      this.ends = grownInts(this.ends);
    }
    const at = this.length;
    if (value.length < 16)
      for (let byte = 0; byte < value.length; byte += 1) this.bytes[at + byte] = value[byte] as number;
    else this.bytes.set(value, at);
    this.length += value.length;
    this.starts[this.count] = at;
    this.ends[this.count] = this.length;
    this.count += 1;
    return this.count - 1;
  }
}

function grownInts(values: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(values.length * 2);
  grown.set(values);
  return grown;
}

const textEncoder = new TextEncoder();

/**
 * Writes a page's rows into `out` from `row` (up to `rows`), each value from the dictionary or the
 * page's own values, `missing` for a null; returns the row after the last one written.
 */
function fillRows<T>(
  page: FlatPage,
  row: number,
  rows: number,
  out: { [index: number]: T },
  dictionary: ArrayLike<T> | null,
  values: ArrayLike<T> | null,
  missing: T,
): number {
  const { defined, indices } = page;
  const source = (indices ? dictionary : values) ?? [];
  const last = Math.min(rows, row + page.rows);
  let next = 0;
  for (let at = row, index = 0; at < last; at += 1, index += 1) {
    if (defined !== null && defined[index] === 0) {
      out[at] = missing;
      continue;
    }
    const position = indices ? (indices[next] as number) : next;
    next += 1;
    const value = source[position];
    if (value !== undefined) out[at] = value;
    // A page holding fewer values than its levels say reads the missing ones as nulls; an index
    // read from the page but past the dictionary is damage (dictionaries hold no undefined).
    else if (indices && next <= indices.length)
      throw new Error(`a dictionary index (${position}) is past the dictionary's ${source.length} entries`);
    else out[at] = missing;
  }
  return last;
}

/**
 * Decodes `rows` values of one column chunk whose bytes are `chunk`. Returns null when a value
 * cannot be held here (then the column is read through hyparquet instead).
 */
export function decodeFlatColumn(
  chunk: Uint8Array,
  meta: ColumnMetaData,
  schemaPath: SchemaTree[],
  plan: Plan,
  rows: number,
): FlatColumn | null {
  const element = (schemaPath.at(-1) as SchemaTree).element;
  const decoder = {
    pathInSchema: meta.path_in_schema,
    element,
    schemaPath,
    type: meta.type,
    codec: meta.codec,
    compressors,
    utf8: false,
    parsers: DEFAULT_PARSERS,
  };
  const maxDefinition: 0 | 1 = element.repetition_type === 'REQUIRED' ? 0 : 1;
  const text = plan.kind === 'text' || (plan.kind === 'decimal' && plan.asText);
  // Every row is written (or the column is refused): the row group's arrays may be reused memory.
  const numbers = text ? null : recycled.float64(rows);
  const texts = text ? { entries: new TextEntries(), rows: recycled.int32(rows) } : null;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  let dictionaryNumbers: Float64Array | null = null;
  let dictionaryTexts: Int32Array | null = null;
  let row = 0;
  try {
    while (row < rows && reader.offset < chunk.byteLength) {
      const header = parquetHeader(reader);
      const compressed = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      if (header.type === 'DICTIONARY_PAGE') {
        const page = decompressPage(compressed, Number(header.uncompressed_page_size), meta.codec, compressors);
        const dictionaryReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
        const count = header.dictionary_page_header?.num_values ?? 0;
        const entries = readPlain(dictionaryReader, meta.type, count, element.type_length);
        if (texts) dictionaryTexts = texts.entries.add(entries, plan);
        else dictionaryNumbers = pageNumbers(entries, plan);
        continue;
      }
      let page: FlatPage;
      if (header.type === 'DATA_PAGE' && header.data_page_header) {
        const pageHeader = header.data_page_header;
        const decompressed = decompressPage(compressed, Number(header.uncompressed_page_size), meta.codec, compressors);
        page =
          readFlatDataPage(decompressed, pageHeader, meta.type, element.type_length, maxDefinition) ??
          flatPageOf(
            readDataPage(decompressed, pageHeader, decoder),
            pageHeader.num_values,
            pageHeader.encoding,
            maxDefinition,
          );
      } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
        const pageHeader = header.data_page_header_v2;
        page = readFlatDataPageV2(
          compressed,
          pageHeader,
          Number(header.uncompressed_page_size),
          (values, size) => decompressPage(values, size, meta.codec, compressors),
          meta.type,
          element.type_length,
          maxDefinition,
        );
      } else continue;
      if (texts) {
        const pageValues = page.indices ? null : texts.entries.add(page.values ?? [], plan);
        row = fillRows(page, row, rows, texts.rows, dictionaryTexts, pageValues, -1);
      } else {
        const pageValues = page.indices ? null : pageNumbers(page.values ?? [], plan);
        row = fillRows(page, row, rows, numbers as Float64Array, dictionaryNumbers, pageValues, Number.NaN);
      }
      recycleBuffers(pageMemory(page));
    }
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  }
  if (row < rows) throw new Error(`column "${meta.path_in_schema.join('.')}" holds fewer values than ${rows} rows`);
  if (texts) return { kind: 'text', values: texts.entries.finish(texts.rows) };
  const values = numbers as Float64Array;
  return { kind: 'numbers', values, outOfRange: plan.kind === 'int96' && values.includes(Number.POSITIVE_INFINITY) };
}
