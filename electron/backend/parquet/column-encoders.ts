import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnType } from '../db/column-types.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import { valueAt } from '../ingest/value-columns.js';
import { encodeByteArrays } from './byte-array-encoders.js';
import type { ColumnFacts, ColumnSlice, EncodedColumn } from './encoded-column.js';
import { chooseDictionary, withDictionary } from './value-dictionary.js';

export type PhysicalType = 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';

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
      return encodeByteArrays(slice);
  }
}

/**
 * Values of a fixed width, plainly or, when `keys` (one per value, equal where the values are)
 * repeat enough, as a dictionary of the distinct ones and indices into it.
 */
function fixedWidth(
  bytes: Uint8Array,
  width: number,
  column: ColumnFacts,
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
    const value = valueAt(values, start + row);
    if (value === null) continue;
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
