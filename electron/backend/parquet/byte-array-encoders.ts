import type { StoredValue } from '../ingest/value-coercion.js';
import { valueAt } from '../ingest/value-columns.js';
import { ByteOutput } from './byte-output.js';
import type { ColumnSlice, EncodedColumn } from './encoded-column.js';
import { chooseDictionary, withDictionary } from './value-dictionary.js';

/** Longest least or greatest value kept in statistics; longer ones are left out. */
const STATISTICS_BYTES = 64;

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

/** Each value as the bytes it is written as. */
type ValueBytes = (value: Exclude<StoredValue, null>) => Uint8Array;

/** Text and JSON as UTF-8, whatever the value (a number in a text column is written as its text). */
const textBytes: ValueBytes = (value) => encoder.encode(textOf(value));

/** Byte arrays: text and JSON through a dictionary when their values repeat, binary plainly. */
export function encodeByteArrays(slice: ColumnSlice): EncodedColumn {
  return slice.type === 'binary' ? plainByteArrays(slice, bytesOf) : encodeTexts(slice);
}

function plainByteArrays({ values, start, end }: ColumnSlice, valueBytes: ValueBytes): EncodedColumn {
  const rows = end - start;
  const defined = new Uint8Array(rows);
  const plain = new ByteOutput(rows * 8 + 16);
  const starts = new Int32Array(rows + 1);
  let count = 0;
  for (let row = 0; row < rows; row += 1) {
    const value = valueAt(values, start + row);
    if (value === null) continue;
    defined[row] = 1;
    starts[count++] = plain.length;
    appendPlain(plain, valueBytes(value));
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
    const value = valueAt(values, start + row);
    if (value === null) continue;
    defined[row] = 1;
    texts.push(textOf(value));
  }
  const dictionary = chooseDictionary(texts, texts.length);
  if (!dictionary) return plainByteArrays(slice, textBytes);
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
