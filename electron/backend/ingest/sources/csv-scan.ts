/**
 * Finds the records of delimited text and the fields in them, in the file's UTF-8 bytes: only
 * separators are looked for (all ASCII, so never inside a multi-byte character); no string is made.
 */

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/** Where the fields of the records scanned so far sit in their bytes: start, end, and whether quoted. */
export class FieldBounds {
  starts = new Int32Array(4096);
  ends = new Int32Array(4096);
  quoted = new Uint8Array(4096);
  count = 0;

  /** Makes room for `fields` more fields. */
  reserve(fields: number): void {
    if (this.count + fields <= this.starts.length) return;
    const length = Math.max(this.starts.length * 2, this.count + fields);
    const grow = <T extends Int32Array | Uint8Array>(array: T): T => {
      const grown = new (array.constructor as new (length: number) => T)(length);
      grown.set(array);
      return grown;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.quoted = grow(this.quoted);
  }

  push(start: number, end: number, quoted: boolean): void {
    this.reserve(1);
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.quoted[this.count] = quoted ? 1 : 0;
    this.count += 1;
  }
}

/**
 * The scan of one view of bytes: its separators, what is wrong with the record just scanned, if
 * anything, and where the next quote and carriage return are, so plain records need no quote check.
 */
export interface ScanState {
  readonly delimiter: number;
  readonly quote: number;
  error: string | null;
  nextQuote: number;
  nextReturn: number;
}

export function scanState(delimiter: number, quote: number): ScanState {
  return { delimiter, quote, error: null, nextQuote: -1, nextReturn: -1 };
}

const NOT_FOUND = Number.MAX_SAFE_INTEGER;

function nextIndex(bytes: Uint8Array, byte: number, from: number): number {
  const found = bytes.indexOf(byte, from);
  return found < 0 ? NOT_FOUND : found;
}

/**
 * A record without quotes that ends with a line feed (or CR LF) and holds no other carriage
 * return. Returns where it ends, or -1 when the record is not that plain.
 */
function scanPlainRecord(bytes: Uint8Array, start: number, bounds: FieldBounds, state: ScanState): number {
  const lineFeed = bytes.indexOf(LINE_FEED, start);
  if (lineFeed < 0) return -1;
  if (state.nextQuote < start) state.nextQuote = nextIndex(bytes, state.quote, start);
  if (state.nextQuote < lineFeed) return -1;
  if (state.nextReturn < start) state.nextReturn = nextIndex(bytes, CARRIAGE_RETURN, start);
  const lineEnd = state.nextReturn === lineFeed - 1 ? lineFeed - 1 : lineFeed;
  if (state.nextReturn < lineEnd) return -1;
  // The hottest loop of an import: fields are written straight into the bounds, room made first.
  bounds.reserve(lineEnd - start + 1);
  const { starts, ends, quoted } = bounds;
  const delimiter = state.delimiter;
  let count = bounds.count;
  let fieldStart = start;
  for (let position = start; position < lineEnd; position += 1) {
    if (bytes[position] === delimiter) {
      starts[count] = fieldStart;
      ends[count] = position;
      quoted[count] = 0;
      count += 1;
      fieldStart = position + 1;
    }
  }
  starts[count] = fieldStart;
  ends[count] = lineEnd;
  quoted[count] = 0;
  bounds.count = count + 1;
  state.error = null;
  return lineFeed + 1;
}

/** Where a quoted field that starts at `position` closes, noting it; -1 when more input may close it. */
function scanQuotedField(
  bytes: Uint8Array,
  position: number,
  final: boolean,
  bounds: FieldBounds,
  state: ScanState,
): number {
  const length = bytes.length;
  let from = position + 1;
  for (;;) {
    const close = bytes.indexOf(state.quote, from);
    if (close < 0 || (close + 1 >= length && !final)) {
      if (!final) return -1;
      bounds.push(position + 1, length, true);
      state.error = 'a quoted field is never closed (unbalanced quote)';
      return length;
    }
    if (bytes[close + 1] === state.quote) {
      from = close + 2;
      continue;
    }
    bounds.push(position + 1, close, true);
    return close + 1;
  }
}

function isSeparator(code: number | undefined, delimiter: number): boolean {
  return code === delimiter || code === LINE_FEED || code === CARRIAGE_RETURN;
}

/**
 * Scans one record of `bytes` from `start`, noting where each field is in `bounds`, and returns
 * where the record ends. Returns -1 (and notes nothing) when the record may continue past the end
 * of `bytes` and more input is coming (`final` false).
 */
export function scanRecord(
  bytes: Uint8Array,
  start: number,
  final: boolean,
  bounds: FieldBounds,
  state: ScanState,
): number {
  const plain = scanPlainRecord(bytes, start, bounds, state);
  if (plain >= 0) return plain;
  const { delimiter, quote } = state;
  const firstField = bounds.count;
  const length = bytes.length;
  let position = start;
  state.error = null;
  for (;;) {
    if (bytes[position] === quote) {
      position = scanQuotedField(bytes, position, final, bounds, state);
      if (position < 0) return forgetFields(bounds, firstField);
      if (position < length && !isSeparator(bytes[position], delimiter)) {
        state.error ??= `unexpected text after a closing quote in field ${bounds.count - firstField}`;
        while (position < length && !isSeparator(bytes[position], delimiter)) position += 1;
      }
    } else {
      let end = position;
      while (end < length && !isSeparator(bytes[end], delimiter)) end += 1;
      if (end >= length && !final) return forgetFields(bounds, firstField);
      bounds.push(position, end, false);
      position = end;
    }
    if (position >= length) return final ? length : forgetFields(bounds, firstField);
    const code = bytes[position];
    if (code === delimiter) {
      position += 1;
      if (position >= length && !final) return forgetFields(bounds, firstField);
      continue;
    }
    if (code === CARRIAGE_RETURN) {
      if (position + 1 >= length && !final) return forgetFields(bounds, firstField);
      return position + (bytes[position + 1] === LINE_FEED ? 2 : 1);
    }
    return position + 1;
  }
}

/**
 * Drops the fields noted since `firstField`, for a record that may continue past the input: -1. Not
 * a closure in scanRecord, which would then be made for every record.
 */
function forgetFields(bounds: FieldBounds, firstField: number): number {
  bounds.count = firstField;
  return -1;
}

/** Whether the bytes from `start` to `end` are only line breaks (a blank line). */
export function isLineBreakOnly(bytes: Uint8Array, start: number, end: number): boolean {
  for (let position = start; position < end; position += 1) {
    const code = bytes[position];
    if (code !== LINE_FEED && code !== CARRIAGE_RETURN) return false;
  }
  return true;
}
