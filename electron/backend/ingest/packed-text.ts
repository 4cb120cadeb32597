import type { DelimitedFields } from './record-source.js';

/**
 * A batch's text column as one string and where each value lies in it (a null: start -1). It moves
 * between threads as one string and two arrays instead of a string per value, and a value is cut
 * out of it only when it is stored.
 */
export interface PackedText {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

export function isPackedText(column: unknown): column is PackedText {
  return typeof column === 'object' && column !== null && 'text' in column && 'starts' in column;
}

export function packedValueAt(column: PackedText, row: number): string | null {
  const start = column.starts[row] as number;
  return start < 0 ? null : column.text.slice(start, column.ends[row]);
}

/**
 * Text values already made (a Parquet or JSON column), packed to travel: null when one is not text.
 * A value that is one of `nullTokens` is null, as the general way types it.
 */
export function packTexts(values: readonly unknown[], nullTokens?: ReadonlySet<string>): PackedText | null {
  const starts = new Int32Array(values.length);
  const ends = new Int32Array(values.length);
  let length = 0;
  for (let row = 0; row < values.length; row += 1) {
    const value = values[row];
    if (value === null || (typeof value === 'string' && nullTokens?.has(value))) {
      starts[row] = -1;
      ends[row] = -1;
    } else if (typeof value === 'string') {
      starts[row] = length;
      length += value.length;
      ends[row] = length;
    } else return null;
  }
  return { text: values.filter((_, row) => (starts[row] as number) >= 0).join(''), starts, ends };
}

/** Only the rows that are kept: the text stays as it is. */
export function keepPackedRows(column: PackedText, kept: Uint8Array): PackedText {
  const keep = (_: number, row: number) => kept[row] === 1;
  return { text: column.text, starts: column.starts.filter(keep), ends: column.ends.filter(keep) };
}

/** Null tokens as UTF-8 bytes, by length, to match a value's bytes against. */
export class NullTokenBytes {
  private readonly byLength: Uint8Array[][] = [];

  constructor(tokens: Iterable<string>) {
    for (const token of tokens) {
      const bytes = Buffer.from(token);
      const sameLength = this.byLength[bytes.length] ?? [];
      sameLength.push(bytes);
      this.byLength[bytes.length] = sameLength;
    }
  }

  matches(bytes: Uint8Array, start: number, end: number): boolean {
    const candidates = this.byLength[end - start];
    if (!candidates) return false;
    return candidates.some((token) => token.every((byte, index) => bytes[start + index] === byte));
  }
}

const UTF8_CONTINUATION = 0x80;
// Reused batch after batch: the bytes are decoded before the next column is gathered.
let scratch = Buffer.allocUnsafe(1 << 16);
const UTF8_FOUR_BYTE_LEAD = 0xf0;

/**
 * The text values of a delimited column as they are stored: a null token, or an empty unquoted
 * field, is null; a quoted value has its doubled quotes undone. Their bytes are gathered and decoded
 * once; where each value lies is counted in UTF-16 units as the bytes go by (they were checked as
 * UTF-8).
 */
export function packDelimitedText(fields: DelimitedFields, index: number, nullTokens: NullTokenBytes): PackedText {
  const { rowCount, width, bytes, starts, ends, quoted, quote } = fields;
  let size = 0;
  for (let field = index; field < rowCount * width; field += width)
    size += (ends[field] as number) - (starts[field] as number);
  if (size > scratch.length) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
  const gathered = scratch;
  const valueStarts = new Int32Array(rowCount);
  const valueEnds = new Int32Array(rowCount);
  let length = 0;
  let units = 0;
  for (let row = 0, field = index; row < rowCount; row += 1, field += width) {
    const start = starts[field] as number;
    const end = ends[field] as number;
    const isQuoted = quoted[field] === 1;
    const valueStart = length;
    const unitsBefore = units;
    for (let position = start; position < end; position += 1) {
      const byte = bytes[position] as number;
      // Inside quotes, a quote is always the first of a doubled pair.
      if (byte === quote && isQuoted) position += 1;
      gathered[length] = byte;
      length += 1;
      if ((byte & 0xc0) !== UTF8_CONTINUATION) units += 1;
      if (byte >= UTF8_FOUR_BYTE_LEAD) units += 1;
    }
    if ((start === end && !isQuoted) || nullTokens.matches(gathered, valueStart, length)) {
      length = valueStart;
      units = unitsBefore;
      valueStarts[row] = -1;
      valueEnds[row] = -1;
    } else {
      valueStarts[row] = unitsBefore;
      valueEnds[row] = units;
    }
  }
  return { text: gathered.toString('utf8', 0, length), starts: valueStarts, ends: valueEnds };
}
