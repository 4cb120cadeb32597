import { isUtf8 } from 'node:buffer';
import type { DelimitedFields } from './record-source.js';
import { recycled } from './recycled-buffers.js';

/**
 * A batch's text column as UTF-8 bytes and where each value lies in them (a null: start -1). It
 * moves between threads as three typed arrays instead of a string per value, and is written to
 * SQLite as the bytes it is. Values may share bytes (a dictionary's entries) and lie in any order.
 * The bytes of every value are well-formed UTF-8.
 */
export interface PackedText {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

export function isPackedText(column: unknown): column is PackedText {
  return typeof column === 'object' && column !== null && 'bytes' in column && 'starts' in column;
}

/** A packed column's values, to read as strings (the bytes may have crossed threads as a plain Uint8Array). */
export function packedValues(column: PackedText): (row: number) => string | null {
  const { bytes, starts, ends } = column;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (row) => {
    const start = starts[row] as number;
    return start < 0 ? null : buffer.toString('utf8', start, ends[row]);
  };
}

/**
 * Text values already made (a JSON column, a decimal stored as text), packed to travel: null when
 * one is not text, or is not well-formed UTF-16 (a lone surrogate would not survive as UTF-8). A
 * value that is one of `nullTokens` is null, as the general way types it.
 */
export function packTexts(values: readonly unknown[], nullTokens?: ReadonlySet<string>): PackedText | null {
  const starts = new Int32Array(values.length);
  const ends = new Int32Array(values.length);
  const kept: string[] = [];
  let length = 0;
  for (let row = 0; row < values.length; row += 1) {
    const value = values[row];
    if (value === null || (typeof value === 'string' && nullTokens?.has(value))) {
      starts[row] = -1;
      ends[row] = -1;
    } else if (typeof value === 'string' && value.isWellFormed()) {
      starts[row] = length;
      length += Buffer.byteLength(value, 'utf8');
      ends[row] = length;
      kept.push(value);
    } else return null;
  }
  const encoded = Buffer.from(kept.join(''), 'utf8');
  // A small encoding lies in Buffer's shared pool; the packed bytes must own their memory to move.
  const bytes = encoded.byteLength === encoded.buffer.byteLength ? encoded : new Uint8Array(encoded);
  return { bytes, starts, ends };
}

/**
 * UTF-8 values given as byte ranges of `source`, packed: when every value is well-formed UTF-8;
 * null otherwise (such bytes are read the general way, which replaces what is not UTF-8).
 */
export function packUtf8Ranges(source: Uint8Array, starts: Int32Array, ends: Int32Array): PackedText | null {
  // The offsets given are taken over and rebased onto the packed bytes.
  let low = source.length;
  let high = 0;
  let size = 0;
  for (let row = 0; row < starts.length; row += 1) {
    const start = starts[row] as number;
    if (start < 0) continue;
    const end = ends[row] as number;
    if (start < low) low = start;
    if (end > high) high = end;
    size += end - start;
  }
  if (high <= low) {
    // Nulls and empty values only.
    for (let row = 0; row < starts.length; row += 1) if ((starts[row] as number) >= 0) starts[row] = ends[row] = 0;
    return { bytes: new Uint8Array(0), starts, ends };
  }
  // Values sharing bytes (a dictionary) or lying together (a plain page) travel as the span that
  // holds them; values scattered over far more bytes than they hold are gathered.
  if (high - low <= 2 * size + 4096) {
    const bytes = recycled.bytes(high - low);
    bytes.set(source.subarray(low, high));
    if (!rangesAreUtf8(bytes, starts, ends, low)) return null;
    for (let row = 0; row < starts.length; row += 1)
      if ((starts[row] as number) >= 0) {
        starts[row] = (starts[row] as number) - low;
        ends[row] = (ends[row] as number) - low;
      }
    return { bytes, starts, ends };
  }
  const bytes = recycled.bytes(size);
  let length = 0;
  for (let row = 0; row < starts.length; row += 1) {
    const start = starts[row] as number;
    if (start < 0) continue;
    const end = ends[row] as number;
    starts[row] = length;
    if (end - start < 32) for (let at = start; at < end; at += 1) bytes[length++] = source[at] as number;
    else {
      bytes.set(source.subarray(start, end), length);
      length += end - start;
    }
    ends[row] = length;
  }
  return rangesAreUtf8(bytes, starts, ends, 0) ? { bytes, starts, ends } : null;
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/**
 * Whether each range, offset by `base`, is well-formed UTF-8: the bytes as a whole are, and no
 * value starts or ends inside a character (where a continuation byte stands).
 */
function rangesAreUtf8(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, base: number): boolean {
  if (!isUtf8(bytes)) return false;
  for (let row = 0; row < starts.length; row += 1) {
    const start = starts[row] as number;
    const end = ends[row] as number;
    if (start < 0 || start === end) continue;
    if (isContinuation(bytes[start - base] as number)) return false;
    if (end - base < bytes.length && isContinuation(bytes[end - base] as number)) return false;
  }
  return true;
}

/** Only the rows that are kept: the bytes stay as they are. */
export function keepPackedRows(column: PackedText, kept: Uint8Array): PackedText {
  const keep = (_: number, row: number) => kept[row] === 1;
  return { bytes: column.bytes, starts: column.starts.filter(keep), ends: column.ends.filter(keep) };
}

/** Null tokens as UTF-8 bytes, by length, to match a value's bytes against. */
export class NullTokenBytes {
  private readonly byLength: Uint8Array[][] = [];
  /** 1 for a byte some token starts with: most values are told apart by their length or first byte. */
  private readonly firstBytes = new Uint8Array(256);
  private readonly longest: number = 0;

  constructor(tokens: Iterable<string>) {
    for (const token of tokens) {
      const bytes = Buffer.from(token);
      const sameLength = this.byLength[bytes.length] ?? [];
      sameLength.push(bytes);
      this.byLength[bytes.length] = sameLength;
      if (bytes.length > 0) this.firstBytes[bytes[0] as number] = 1;
      this.longest = Math.max(this.longest, bytes.length);
    }
  }

  matches(bytes: Uint8Array, start: number, end: number): boolean {
    if (end - start > this.longest || (end > start && this.firstBytes[bytes[start] as number] === 0)) return false;
    const candidates = this.byLength[end - start];
    if (!candidates) return false;
    for (const token of candidates) {
      let same = 0;
      while (same < token.length && bytes[start + same] === token[same]) same += 1;
      if (same === token.length) return true;
    }
    return false;
  }
}

/** The column with its values that are null tokens made null, as the general way types them. */
export function withoutNullTokens(column: PackedText, nullTokens: NullTokenBytes): PackedText {
  const { bytes, starts, ends } = column;
  for (let row = 0; row < starts.length; row += 1) {
    const start = starts[row] as number;
    if (start >= 0 && nullTokens.matches(bytes, start, ends[row] as number)) {
      starts[row] = -1;
      ends[row] = -1;
    }
  }
  return column;
}

/**
 * The text values of a delimited column as they are stored: a null token, or an empty unquoted
 * field, is null; a quoted value has its doubled quotes undone. Their bytes are gathered as they
 * are (the file's bytes were checked as UTF-8, and fields end at delimiters, never inside a
 * character).
 */
export function packDelimitedText(fields: DelimitedFields, index: number, nullTokens: NullTokenBytes): PackedText {
  const { rowCount, width, bytes, starts, ends, quoted, quote } = fields;
  let size = 0;
  for (let field = index; field < rowCount * width; field += width)
    size += (ends[field] as number) - (starts[field] as number);
  const gathered = recycled.bytes(size);
  const valueStarts = recycled.int32(rowCount);
  const valueEnds = recycled.int32(rowCount);
  let length = 0;
  for (let row = 0, field = index; row < rowCount; row += 1, field += width) {
    const start = starts[field] as number;
    const end = ends[field] as number;
    const isQuoted = quoted[field] === 1;
    const valueStart = length;
    if (isQuoted)
      for (let position = start; position < end; position += 1) {
        const byte = bytes[position] as number;
        // Inside quotes, a quote is always the first of a doubled pair.
        if (byte === quote) position += 1;
        gathered[length++] = byte;
      }
    else for (let position = start; position < end; position += 1) gathered[length++] = bytes[position] as number;
    if ((start === end && !isQuoted) || nullTokens.matches(gathered, valueStart, length)) {
      length = valueStart;
      valueStarts[row] = -1;
      valueEnds[row] = -1;
    } else {
      valueStarts[row] = valueStart;
      valueEnds[row] = length;
    }
  }
  return { bytes: gathered.subarray(0, length), starts: valueStarts, ends: valueEnds };
}
