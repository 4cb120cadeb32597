import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import type { RawValue, RecordBatch, RecordSource, RejectedRow, SourceField } from '../record-source.js';
import { uniqueFieldNames } from './field-names.js';

export interface CsvOptions {
  /** Field separator; detected from the header line when omitted. */
  delimiter?: string;
  quote?: string;
  /** Whether the first line names the columns (default true). */
  header?: boolean;
  /** utf-8 (default; a BOM is skipped), utf-16le, utf-16be, latin1 (read as windows-1252). */
  encoding?: string;
}

/**
 * Read and decoded at a time. Kept below V8's large-object size (128 KiB), so each chunk's text
 * is a young-generation string whose memory is reused chunk after chunk, not fresh pages mapped
 * and unmapped for each one.
 */
const CHUNK_BYTES = 64 << 10;
const MAX_RECORD_CHARS = 64 << 20;
const DELIMITER_CANDIDATES = [',', ';', '\t', '|'];

export class CsvFormatError extends Error {}

/** Picks the candidate that splits the header line into the most fields. */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Where the fields of the records scanned so far sit in their text: start, end, and whether quoted. */
class FieldBounds {
  starts = new Int32Array(4096);
  ends = new Int32Array(4096);
  quoted = new Uint8Array(4096);
  count = 0;

  push(start: number, end: number, quoted: boolean): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(array: T): T => {
        const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.quoted = grow(this.quoted);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.quoted[this.count] = quoted ? 1 : 0;
    this.count += 1;
  }
}

/** A field's raw value: quoted text with doubled quotes undone, unquoted text, or null when empty and unquoted. */
function fieldValue(text: string, start: number, end: number, quoted: boolean, quote: string): RawValue {
  if (!quoted) return start === end ? null : text.slice(start, end);
  const value = text.slice(start, end);
  return value.includes(quote) ? value.replaceAll(quote + quote, quote) : value;
}

/**
 * The scan of one chunk's text: its separators (as text and as character codes), what is wrong
 * with the record just scanned, if anything, and where the next quote and carriage return are,
 * so plain records can be split with indexOf.
 */
interface ScanState {
  readonly delimiter: string;
  readonly delimiterCode: number;
  readonly quote: string;
  readonly quoteCode: number;
  error: string | null;
  nextQuote: number;
  nextReturn: number;
}

function scanState(delimiter: string, quote: string): ScanState {
  return {
    delimiter,
    delimiterCode: delimiter.charCodeAt(0),
    quote,
    quoteCode: quote.charCodeAt(0),
    error: null,
    nextQuote: -1,
    nextReturn: -1,
  };
}

const NOT_FOUND = Number.MAX_SAFE_INTEGER;

function nextIndex(text: string, search: string, from: number): number {
  const found = text.indexOf(search, from);
  return found < 0 ? NOT_FOUND : found;
}

/**
 * A record without quotes that ends with a line feed (or CR LF) and holds no other carriage
 * return: its fields are split by searching for the delimiter, which the engine does far faster
 * than a loop over characters. Returns where it ends, or -1 when the record is not that plain.
 */
function scanPlainRecord(text: string, start: number, bounds: FieldBounds, state: ScanState): number {
  const { delimiter, quote } = state;
  const lineFeed = text.indexOf('\n', start);
  if (lineFeed < 0) return -1;
  if (state.nextQuote < start) state.nextQuote = nextIndex(text, quote, start);
  if (state.nextQuote < lineFeed) return -1;
  if (state.nextReturn < start) state.nextReturn = nextIndex(text, '\r', start);
  const lineEnd = state.nextReturn === lineFeed - 1 ? lineFeed - 1 : lineFeed;
  if (state.nextReturn < lineEnd) return -1;
  let position = start;
  for (;;) {
    const next = text.indexOf(delimiter, position);
    if (next < 0 || next > lineEnd) {
      bounds.push(position, lineEnd, false);
      break;
    }
    bounds.push(position, next, false);
    position = next + 1;
  }
  state.error = null;
  return lineFeed + 1;
}

/**
 * Scans one record of `text` from `start`, noting where each field is in `bounds`, and returns
 * where the record ends. Returns -1 (and notes nothing) when the record may continue past the
 * end of `text` and more input is coming (`final` false).
 */
function scanRecord(text: string, start: number, final: boolean, bounds: FieldBounds, state: ScanState): number {
  const plain = scanPlainRecord(text, start, bounds, state);
  if (plain >= 0) return plain;
  const { delimiterCode: delimiter, quoteCode: quote, quote: quoteChar } = state;
  const firstField = bounds.count;
  const incomplete = () => {
    bounds.count = firstField;
    return -1;
  };
  const length = text.length;
  let position = start;
  state.error = null;
  for (;;) {
    if (text.charCodeAt(position) === quote) {
      let from = position + 1;
      for (;;) {
        const close = text.indexOf(quoteChar, from);
        if (close < 0 || (close + 1 >= length && !final)) {
          if (!final) return incomplete();
          bounds.push(position + 1, length, true);
          state.error = 'a quoted field is never closed (unbalanced quote)';
          return length;
        }
        if (text.charCodeAt(close + 1) === quote) {
          from = close + 2;
          continue;
        }
        bounds.push(position + 1, close, true);
        position = close + 1;
        break;
      }
      const next = text.charCodeAt(position);
      if (position < length && next !== delimiter && next !== 10 && next !== 13) {
        state.error ??= `unexpected text after a closing quote in field ${bounds.count - firstField}`;
        while (position < length) {
          const code = text.charCodeAt(position);
          if (code === delimiter || code === 10 || code === 13) break;
          position += 1;
        }
      }
    } else {
      let end = position;
      while (end < length) {
        const code = text.charCodeAt(end);
        if (code === delimiter || code === 10 || code === 13) break;
        end += 1;
      }
      if (end >= length && !final) return incomplete();
      bounds.push(position, end, false);
      position = end;
    }
    if (position >= length) {
      if (!final) return incomplete();
      return length;
    }
    const code = text.charCodeAt(position);
    if (code === delimiter) {
      position += 1;
      if (position >= length && !final) return incomplete();
      continue;
    }
    if (code === 13) {
      if (position + 1 >= length && !final) return incomplete();
      position += text.charCodeAt(position + 1) === 10 ? 2 : 1;
    } else {
      position += 1;
    }
    return position;
  }
}

/** The records of a chunk: where each starts and ends, its first field in the bounds, its field count. */
class RecordList {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  firstFields = new Int32Array(1024);
  fieldCounts = new Int32Array(1024);
  readonly errors = new Map<number, string>();
  count = 0;

  push(start: number, end: number, firstField: number, fieldCount: number, error: string | null): void {
    if (this.count === this.starts.length) {
      const grow = (array: Int32Array) => {
        const grown = new Int32Array(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.firstFields = grow(this.firstFields);
      this.fieldCounts = grow(this.fieldCounts);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.firstFields[this.count] = firstField;
    this.fieldCounts[this.count] = fieldCount;
    if (error) this.errors.set(this.count, error);
    this.count += 1;
  }
}

function decoderFor(encoding: string, file: string): TextDecoder {
  const label = encoding.toLowerCase() === 'latin1' ? 'windows-1252' : encoding;
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    throw new CsvFormatError(
      `${basename(file)}: unknown encoding "${encoding}" (use utf-8, utf-16le, utf-16be or latin1)`,
    );
  }
}

/**
 * How much of `bytes` ends on a whole UTF-8 character: a last character whose bytes the chunk cuts
 * off is left for the next chunk. Anything else (invalid bytes included) is the decoder's to judge.
 */
export function wholeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(3, end); back += 1) {
    const byte = bytes[end - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? end - back : end;
  }
  return end;
}

/**
 * UTF-8 chunks decoded whole, each on its own, carrying a character cut at a chunk's end over to
 * the next. A streaming decoder would turn every chunk into a two-byte string outside the heap
 * (twice its size, allocated and freed chunk by chunk); a whole decode of ASCII-heavy text
 * yields a compact one-byte string. Only the file's first chunk may start with a byte order mark.
 */
async function* utf8Chunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<{ text: string; bytes: number }> {
  const first = new TextDecoder('utf-8', { fatal: true });
  const rest = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let decoder = first;
  let carried: Buffer | null = null;
  for await (const chunk of chunks) {
    const bytes: Buffer = carried ? Buffer.concat([carried, chunk]) : chunk;
    const whole = wholeUtf8Length(bytes);
    carried = whole < bytes.length ? bytes.subarray(whole) : null;
    const text = decoder.decode(bytes.subarray(0, whole));
    if (whole > 0) decoder = rest;
    yield { text, bytes: chunk.length };
  }
  if (carried) decoder.decode(carried);
}

async function* decodedChunks(
  path: string,
  encoding: string,
): AsyncGenerator<{ text: string; bytesRead: number; final: boolean }> {
  const decoder = decoderFor(encoding, path);
  const chunks = createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
  let bytesRead = 0;
  try {
    if (decoder.encoding === 'utf-8') {
      for await (const { text, bytes } of utf8Chunks(chunks)) {
        bytesRead += bytes;
        yield { text, bytesRead, final: false };
      }
      yield { text: '', bytesRead, final: true };
      return;
    }
    for await (const chunk of chunks) {
      bytesRead += chunk.length;
      yield { text: decoder.decode(chunk, { stream: true }), bytesRead, final: false };
    }
    yield { text: decoder.decode(), bytesRead, final: true };
  } catch (error) {
    if (error instanceof TypeError) {
      throw new CsvFormatError(
        `${basename(path)} is not valid ${encoding} text (near byte ${bytesRead}); if it is Latin-1 or Windows-1252, import it with encoding latin1`,
      );
    }
    throw error;
  }
}

function isLineBreakOnly(text: string, start: number, end: number): boolean {
  for (let position = start; position < end; position += 1) {
    const code = text.charCodeAt(position);
    if (code !== 10 && code !== 13) return false;
  }
  return true;
}

function lineText(text: string, line: { start: number; end: number }): string {
  return text.slice(line.start, line.end).replace(/\r?\n$/, '');
}

/** A batch of records being gathered: each row's text and the places of its fields in it. */
class DelimitedBatch {
  private readonly texts: string[] = [];
  private starts: Int32Array = new Int32Array(0);
  private ends: Int32Array = new Int32Array(0);
  private quoted: Uint8Array = new Uint8Array(0);
  private width = 0;
  rowCount = 0;

  constructor(
    private readonly quote: string,
    private readonly capacity: number,
  ) {}

  add(text: string, bounds: FieldBounds, firstField: number, width: number): void {
    if (this.rowCount === 0) {
      this.width = width;
      this.starts = new Int32Array(this.capacity * width);
      this.ends = new Int32Array(this.capacity * width);
      this.quoted = new Uint8Array(this.capacity * width);
    }
    const at = this.rowCount * width;
    for (let field = 0; field < width; field += 1) {
      this.starts[at + field] = bounds.starts[firstField + field] as number;
      this.ends[at + field] = bounds.ends[firstField + field] as number;
      this.quoted[at + field] = bounds.quoted[firstField + field] as number;
    }
    this.texts.push(text);
    this.rowCount += 1;
  }

  toRecordBatch(rejected: RejectedRow[], firstRowNumber: number, bytesRead: number): RecordBatch {
    const { texts, starts, ends, quoted, width, rowCount, quote } = this;
    const valueAt = (column: number, row: number): RawValue => {
      const field = row * width + column;
      return fieldValue(
        texts[row] as string,
        starts[field] as number,
        ends[field] as number,
        quoted[field] === 1,
        quote,
      );
    };
    let rows: RawValue[][] | null = null;
    return {
      get rows() {
        rows ??= Array.from({ length: rowCount }, (_, row) =>
          Array.from({ length: width }, (_, column) => valueAt(column, row)),
        );
        return rows;
      },
      delimited: { rowCount, width, texts, starts, ends, quoted, valueAt },
      rejected,
      firstRowNumber,
      bytesRead,
    };
  }
}

/** Streams a delimited text file record by record, never holding more than a chunk and one record. */
export async function openCsvSource(path: string, options: CsvOptions = {}): Promise<RecordSource> {
  const { size } = await stat(path);
  const encoding = options.encoding ?? 'utf-8';
  const quoteChar = (options.quote ?? '"').charAt(0);
  const hasHeader = options.header ?? true;
  let delimiter = options.delimiter;
  let fields: SourceField[] | null = null;

  /** Records complete in one chunk's text, with their fields' places. */
  interface ScannedChunk {
    header: SourceField[];
    records: RecordList;
    bounds: FieldBounds;
    text: string;
    bytesRead: number;
  }

  /** Scans the file chunk by chunk; each step yields every record complete in that chunk. */
  async function* recordChunks(): AsyncGenerator<ScannedChunk> {
    // Reused chunk after chunk: a chunk's records are copied out before the next one is scanned.
    const bounds = new FieldBounds();
    let pending = '';
    let header: SourceField[] | null = null;
    for await (const chunk of decodedChunks(path, encoding)) {
      const text = pending + chunk.text;
      if (delimiter === undefined) {
        const newline = text.search(/\r|\n/);
        if (newline < 0 && !chunk.final) {
          pending = text;
          continue;
        }
        delimiter = detectDelimiter(newline < 0 ? text : text.slice(0, newline));
      }
      bounds.count = 0;
      const records = new RecordList();
      const state = scanState(delimiter, quoteChar);
      let position = 0;
      while (position < text.length) {
        const start = position;
        const firstField = bounds.count;
        const end = scanRecord(text, position, chunk.final, bounds, state);
        if (end < 0) break;
        position = end;
        const fieldCount = bounds.count - firstField;
        const blank =
          fieldCount === 1 &&
          !bounds.quoted[firstField] &&
          bounds.starts[firstField] === bounds.ends[firstField] &&
          isLineBreakOnly(text, start, end);
        if (blank) continue;
        if (!header) {
          const names = Array.from({ length: fieldCount }, (_, index) => {
            const field = firstField + index;
            const value = fieldValue(
              text,
              bounds.starts[field] as number,
              bounds.ends[field] as number,
              bounds.quoted[field] === 1,
              quoteChar,
            );
            return hasHeader ? String(value ?? '') : `column_${index + 1}`;
          });
          header = uniqueFieldNames(names).map((name) => ({ name }));
          fields = header;
          if (hasHeader) continue;
        }
        records.push(start, end, firstField, fieldCount, state.error);
      }
      pending = text.slice(position);
      if (pending.length > MAX_RECORD_CHARS) {
        throw new CsvFormatError(`${basename(path)}: a record runs on for more than 64 MB; is a quote left open?`);
      }
      if (header) yield { header, records, bounds, text, bytesRead: chunk.bytesRead };
    }
    if (!header) throw new CsvFormatError(`${basename(path)} is empty: it has no header line`);
  }

  return {
    format: 'csv',
    parts: 1,
    totalBytes: size,
    async fields() {
      if (!fields) {
        const reader = recordChunks();
        try {
          await reader.next();
        } finally {
          await reader.return(undefined);
        }
      }
      if (!fields) throw new CsvFormatError(`${basename(path)} is empty: it has no header line`);
      return fields;
    },
    async *batches(batchRows: number): AsyncGenerator<RecordBatch> {
      let batch = new DelimitedBatch(quoteChar, batchRows);
      let rejected: RejectedRow[] = [];
      let rowNumber = 0;
      let firstRowNumber = 1;
      let bytesRead = 0;
      for await (const chunk of recordChunks()) {
        const expected = chunk.header.length;
        const { records } = chunk;
        for (let index = 0; index < records.count; index += 1) {
          rowNumber += 1;
          const error = records.errors.get(index);
          const fieldCount = records.fieldCounts[index] as number;
          const line = { start: records.starts[index] as number, end: records.ends[index] as number };
          if (error) {
            rejected.push({ rowNumber, reason: error, raw: lineText(chunk.text, line) });
          } else if (fieldCount !== expected) {
            rejected.push({
              rowNumber,
              reason: `expected ${expected} fields, found ${fieldCount}`,
              raw: lineText(chunk.text, line),
            });
          } else {
            batch.add(chunk.text, chunk.bounds, records.firstFields[index] as number, expected);
          }
          if (batch.rowCount + rejected.length >= batchRows) {
            yield batch.toRecordBatch(rejected, firstRowNumber, chunk.bytesRead);
            batch = new DelimitedBatch(quoteChar, batchRows);
            rejected = [];
            firstRowNumber = rowNumber + 1;
          }
        }
        bytesRead = chunk.bytesRead;
      }
      if (batch.rowCount + rejected.length > 0 || rowNumber === 0)
        yield batch.toRecordBatch(rejected, firstRowNumber, Math.max(bytesRead, size));
    },
    async close() {},
  };
}
