import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnType } from '../db/column-types.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import type { ValueColumn } from '../ingest/value-columns.js';
import { ByteOutput } from './byte-output.js';
import { writeHybrid } from './hybrid-encoder.js';

export type PhysicalType = 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';

/** One column's values over a range of rows, encoded as Parquet's pages hold them. */
export interface EncodedColumn {
  /** Per row: 1 where it holds a value, 0 where it is null (its definition level). */
  defined: Uint8Array;
  nulls: number;
  /** Writes the values from the `from`th to before the `to`th (nulls not counted) as a page holds them. */
  writeValues(output: ByteOutput, from: number, to: number): void;
  /** How many bytes `writeValues` writes for them: exactly when `exactSize`, else about (to bound a page's size). */
  size(from: number, to: number): number;
  exactSize: boolean;
  /** The distinct values in plain encoding, when the pages hold indices into them. */
  dictionary: { bytes: Uint8Array; count: number } | null;
  /** Least and greatest values in plain encoding (without a length), null when not kept. */
  min: Uint8Array | null;
  max: Uint8Array | null;
}

export interface ColumnSlice {
  name: string;
  type: ColumnType;
  values: ValueColumn;
  start: number;
  end: number;
}

/** Longest least or greatest value kept in statistics; longer ones are left out. */
const STATISTICS_BYTES = 64;
/** Most distinct values a dictionary holds before the column is written plainly. */
const DICTIONARY_VALUES = 1 << 16;
const TWO_TO_32 = 2 ** 32;
const TWO_TO_63 = 2 ** 63;

export const PHYSICAL_TYPES: Record<ColumnType, PhysicalType> = {
  integer: 'INT64',
  real: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'INT64',
  date: 'INT64',
  text: 'BYTE_ARRAY',
  json: 'BYTE_ARRAY',
  binary: 'BYTE_ARRAY',
};

/** Encodes a column's rows `[start, end)` for the Parquet type of its column type. */
export function encodeColumn(slice: ColumnSlice): EncodedColumn {
  switch (PHYSICAL_TYPES[slice.type]) {
    case 'DOUBLE':
      return encodeDoubles(slice);
    case 'INT64':
      return encodeInt64s(slice);
    case 'BOOLEAN':
      return encodeBooleans(slice);
    case 'BYTE_ARRAY':
      return slice.type === 'binary' ? plainByteArrays(slice) : encodeTexts(slice);
  }
}

/**
 * Values of a fixed width, plainly or, when `keys` (one per value, equal where the values are)
 * repeat enough, as a dictionary of the distinct ones and indices into it.
 */
function fixedWidth(
  bytes: Uint8Array,
  width: number,
  column: { defined: Uint8Array; nulls: number; min: Uint8Array | null; max: Uint8Array | null },
  keys: ArrayLike<unknown> | null,
): EncodedColumn {
  const count = bytes.length / width;
  const dictionary = keys && chooseDictionary(keys, count);
  if (dictionary) {
    const entries = new Uint8Array(dictionary.firsts.length * width);
    dictionary.firsts.forEach((first, entry) => {
      entries.set(bytes.subarray(first * width, (first + 1) * width), entry * width);
    });
    return withDictionary(column, dictionary.indices, entries, dictionary.firsts.length);
  }
  return {
    ...column,
    writeValues: (output, from, to) => output.bytes(bytes.subarray(from * width, to * width)),
    size: (from, to) => (to - from) * width,
    exactSize: true,
    dictionary: null,
  };
}

/** After this many values, a column whose values seldom repeat so far is given up on. */
const SAMPLED_VALUES = 4_096;

/**
 * A dictionary for `count` values given by their keys: each value's index, and where each distinct
 * value is first found. None when more than half of the first 4,096 values are distinct, when
 * there are more than 65,536 distinct values, or when each is used fewer than twice on average:
 * the plain values are then about as small, and cheaper to write and read.
 */
function chooseDictionary<Key>(keys: ArrayLike<Key>, count: number): { indices: Int32Array; firsts: number[] } | null {
  const distinct = new Map<Key, number>();
  const indices = new Int32Array(count);
  const firsts: number[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index === SAMPLED_VALUES && firsts.length * 2 > index) return null;
    const key = keys[index] as Key;
    let entry = distinct.get(key);
    if (entry === undefined) {
      if (firsts.length === DICTIONARY_VALUES) return null;
      entry = firsts.length;
      distinct.set(key, entry);
      firsts.push(index);
    }
    indices[index] = entry;
  }
  return firsts.length * 2 > count ? null : { indices, firsts };
}

/** A column written as a dictionary page of `entries` (plainly encoded) and pages of indices into it. */
function withDictionary(
  column: { defined: Uint8Array; nulls: number; min: Uint8Array | null; max: Uint8Array | null },
  indices: Int32Array,
  entries: Uint8Array,
  entryCount: number,
): EncodedColumn {
  const width = Math.max(1, Math.ceil(Math.log2(entryCount)));
  return {
    ...column,
    writeValues: (output, from, to) => {
      output.byte(width);
      writeHybrid(output, indices, from, to, width);
    },
    size: (from, to) => Math.ceil(((to - from) * width) / 8) + 1,
    exactSize: false,
    dictionary: { bytes: entries, count: entryCount },
  };
}

function doubleBytes(value: number): Uint8Array {
  return new Uint8Array(Float64Array.of(value).buffer);
}

function toNumber(value: StoredValue): number {
  return value === null ? Number.NaN : Number(value);
}

function encodeDoubles({ values, start, end }: ColumnSlice): EncodedColumn {
  const rows = end - start;
  const defined = new Uint8Array(rows);
  const numbers = new Float64Array(rows);
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let negativeZero = false;
  // NaN is null; a value that is not a number (text in a column of reals) is null too.
  const numbersIn = values instanceof Float64Array ? values : Float64Array.from(values.slice(start, end), toNumber);
  const offset = values instanceof Float64Array ? start : 0;
  for (let row = 0; row < rows; row += 1) {
    const number = numbersIn[offset + row] as number;
    if (Number.isNaN(number)) continue;
    defined[row] = 1;
    numbers[count++] = number;
    if (number < min) min = number;
    if (number > max) max = number;
    if (number === 0 && 1 / number < 0) negativeZero = true;
  }
  // The format orders -0 before +0: a zero least value is written -0, a zero greatest +0.
  const stats = count > 0;
  const column = {
    defined,
    nulls: rows - count,
    min: stats ? doubleBytes(min === 0 ? -0 : min) : null,
    max: stats ? doubleBytes(max === 0 ? 0 : max) : null,
  };
  // A dictionary keys values by number, which takes -0 for +0: a column holding -0 is kept plain.
  return fixedWidth(new Uint8Array(numbers.buffer, 0, count * 8), 8, column, negativeZero ? null : numbers);
}

function outOfRange(name: string, row: number, value: StoredValue): TriadError {
  return new TriadError(
    'invalid_input',
    `column "${name}" holds ${JSON.stringify(String(value))} at row ${row + 1}, which is not a 64-bit integer: Parquet cannot keep it`,
  );
}

function int64Bytes(value: bigint): Uint8Array {
  return new Uint8Array(BigInt64Array.of(value).buffer);
}

/** Whole numbers, times and dates (milliseconds) as 64-bit integers, fractions dropped toward zero. */
function encodeInt64s({ name, values, start, end }: ColumnSlice): EncodedColumn {
  const rows = end - start;
  const defined = new Uint8Array(rows);
  const words = new Uint32Array(rows * 2);
  let count = 0;
  let keys: Float64Array | BigUint64Array;
  let least: bigint | null = null;
  let greatest: bigint | null = null;
  if (values instanceof Float64Array) {
    const wholes = new Float64Array(rows);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let row = 0; row < rows; row += 1) {
      const whole = Math.trunc(values[start + row] as number);
      if (Number.isNaN(whole)) continue;
      if (!(whole >= -TWO_TO_63 && whole < TWO_TO_63)) throw outOfRange(name, start + row, whole);
      // Exact for every whole double: dividing by a power of two only moves the exponent.
      const high = Math.floor(whole / TWO_TO_32);
      words[count * 2] = whole - high * TWO_TO_32;
      words[count * 2 + 1] = high;
      wholes[count] = whole;
      count += 1;
      defined[row] = 1;
      if (whole < min) min = whole;
      if (whole > max) max = whole;
    }
    keys = wholes;
    if (count > 0) [least, greatest] = [BigInt(min), BigInt(max)];
  } else {
    const word = new BigUint64Array(words.buffer);
    for (let row = 0; row < rows; row += 1) {
      const value = values[start + row] ?? null;
      if (value === null) continue;
      const whole = wholeValue(value);
      if (whole === null || whole < -(2n ** 63n) || whole >= 2n ** 63n) throw outOfRange(name, start + row, value);
      word[count] = BigInt.asUintN(64, whole);
      count += 1;
      defined[row] = 1;
      if (least === null || whole < least) least = whole;
      if (greatest === null || whole > greatest) greatest = whole;
    }
    keys = word;
  }
  const column = {
    defined,
    nulls: rows - count,
    min: least === null ? null : int64Bytes(least),
    max: greatest === null ? null : int64Bytes(greatest),
  };
  return fixedWidth(new Uint8Array(words.buffer, 0, count * 8), 8, column, keys);
}

function wholeValue(value: Exclude<StoredValue, null>): bigint | null {
  if (typeof value === 'bigint') return value;
  const number = Math.trunc(Number(value));
  return Number.isFinite(number) ? BigInt(number) : null;
}

function encodeBooleans({ values, start, end }: ColumnSlice): EncodedColumn {
  const rows = end - start;
  const defined = new Uint8Array(rows);
  const bits = new Uint8Array(rows);
  let count = 0;
  for (let row = 0; row < rows; row += 1) {
    const value = values[start + row] ?? null;
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
    defined[row] = 1;
    bits[count++] = Number(value) !== 0 ? 1 : 0;
  }
  let seen = 0;
  for (let index = 0; index < count; index += 1) seen |= 1 << (bits[index] as number);
  return {
    defined,
    nulls: rows - count,
    writeValues: (output, from, to) => {
      // Plain booleans are bits, eight to a byte, least significant first.
      for (let index = from; index < to; index += 8) {
        let byte = 0;
        for (let bit = 0; bit < 8 && index + bit < to; bit += 1) byte |= (bits[index + bit] as number) << bit;
        output.byte(byte);
      }
    },
    size: (from, to) => Math.ceil((to - from) / 8),
    exactSize: true,
    dictionary: null,
    min: seen === 0 ? null : Uint8Array.of(seen & 1 ? 0 : 1),
    max: seen === 0 ? null : Uint8Array.of(seen & 2 ? 1 : 0),
  };
}

const encoder = new TextEncoder();

function textOf(value: Exclude<StoredValue, null>): string {
  return typeof value === 'string' ? value : String(value);
}

function bytesOf(value: Exclude<StoredValue, null>): Uint8Array {
  return value instanceof Uint8Array ? value : encoder.encode(textOf(value));
}

/** Compares `bytes[a, a + aLength)` with `bytes[b, b + bLength)` byte by byte. */
function compareBytes(bytes: Uint8Array, a: number, aLength: number, b: number, bLength: number): number {
  const common = Math.min(aLength, bLength);
  for (let index = 0; index < common; index += 1) {
    const difference = (bytes[a + index] as number) - (bytes[b + index] as number);
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

/**
 * Values written plainly, each as its 4-byte length and its bytes, one after another in `plain`;
 * `starts[i]` is where the ith begins. The least and greatest in byte order are kept when short.
 */
function plainList(plain: ByteOutput, starts: Int32Array, count: number) {
  const bytes = plain.written();
  const lengthAt = (index: number) => (starts[index + 1] as number) - (starts[index] as number) - 4;
  let least = -1;
  let greatest = -1;
  for (let index = 0; index < count; index += 1) {
    const at = (starts[index] as number) + 4;
    const length = lengthAt(index);
    if (least < 0 || compareBytes(bytes, at, length, (starts[least] as number) + 4, lengthAt(least)) < 0) least = index;
    if (greatest < 0 || compareBytes(bytes, at, length, (starts[greatest] as number) + 4, lengthAt(greatest)) > 0)
      greatest = index;
  }
  const kept = (index: number) =>
    index < 0 || lengthAt(index) > STATISTICS_BYTES
      ? null
      : bytes.slice((starts[index] as number) + 4, starts[index + 1] as number);
  return { bytes, min: kept(least), max: kept(greatest) };
}

function appendPlain(plain: ByteOutput, bytes: Uint8Array): void {
  plain.uint32(bytes.length);
  plain.bytes(bytes);
}

function plainByteArrays({ values, start, end }: ColumnSlice): EncodedColumn {
  const rows = end - start;
  const defined = new Uint8Array(rows);
  const plain = new ByteOutput(rows * 8 + 16);
  const starts = new Int32Array(rows + 1);
  let count = 0;
  for (let row = 0; row < rows; row += 1) {
    const value = values[start + row] ?? null;
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
    defined[row] = 1;
    starts[count++] = plain.length;
    appendPlain(plain, bytesOf(value));
  }
  starts[count] = plain.length;
  const { bytes, min, max } = plainList(plain, starts, count);
  return {
    defined,
    nulls: rows - count,
    writeValues: (output, from, to) => output.bytes(bytes.subarray(starts[from], starts[to])),
    size: (from, to) => (starts[to] as number) - (starts[from] as number),
    exactSize: true,
    dictionary: null,
    min,
    max,
  };
}

/** Text (and JSON) through a dictionary when its values repeat (chooseDictionary), plainly otherwise. */
function encodeTexts(slice: ColumnSlice): EncodedColumn {
  const { values, start, end } = slice;
  const rows = end - start;
  const defined = new Uint8Array(rows);
  const texts: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const value = values[start + row] ?? null;
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
    defined[row] = 1;
    texts.push(textOf(value));
  }
  const dictionary = chooseDictionary(texts, texts.length);
  if (!dictionary) return plainByteArrays(slice);
  const plain = new ByteOutput(dictionary.firsts.length * 16 + 16);
  const starts = new Int32Array(dictionary.firsts.length + 1);
  dictionary.firsts.forEach((first, entry) => {
    starts[entry] = plain.length;
    appendPlain(plain, encoder.encode(texts[first] as string));
  });
  starts[dictionary.firsts.length] = plain.length;
  const { bytes, min, max } = plainList(plain, starts, dictionary.firsts.length);
  return withDictionary(
    { defined, nulls: rows - texts.length, min, max },
    dictionary.indices,
    bytes,
    dictionary.firsts.length,
  );
}
