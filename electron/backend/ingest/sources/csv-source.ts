import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RawValue, RecordBatch, RecordSource, RejectedRow, SourceField } from '../record-source.js';
import { type ByteView, CsvBytes, CsvFormatError, READ_BYTES } from './csv-bytes.js';
import { FieldBounds, isLineBreakOnly, RecordList, scanRecord, scanState } from './csv-scan.js';
import { uniqueFieldNames } from './field-names.js';

export { CsvFormatError } from './csv-bytes.js';

export interface CsvOptions {
  /** Field separator, one ASCII character; detected from the header line when omitted. */
  delimiter?: string;
  /** One ASCII character (default "). */
  quote?: string;
  /** Whether the first line names the columns (default true). */
  header?: boolean;
  /** utf-8 (default; a BOM is skipped), utf-16le, utf-16be, latin1 (read as windows-1252). */
  encoding?: string;
}

const DELIMITER_CANDIDATES = [',', ';', '\t', '|'];

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

/** A separator given by the user as the one ASCII byte the scan looks for. */
function separatorByte(value: string, what: string): number {
  const code = value.charCodeAt(0);
  if (value.length !== 1 || code > 0x7f || code === 10 || code === 13)
    throw new CsvFormatError(`the ${what} must be one ASCII character other than a line break, not "${value}"`);
  return code;
}

/** A field's raw value: quoted text with doubled quotes undone, unquoted text, or null when empty and unquoted. */
function fieldValue(bytes: Buffer, start: number, end: number, quoted: boolean, quote: string): RawValue {
  if (!quoted) return start === end ? null : bytes.toString('utf8', start, end);
  const value = bytes.toString('utf8', start, end);
  return value.includes(quote) ? value.replaceAll(quote + quote, quote) : value;
}

function lineText(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end).replace(/\r?\n$/, '');
}

/**
 * A batch of records being gathered: their bytes, copied out of the read buffer a run of records
 * at a time, and the places of their fields in those bytes. Its memory is reused batch after
 * batch, so a batch handed over is valid until the next is asked for.
 */
class DelimitedBatch {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  private starts: Int32Array = new Int32Array(0);
  private ends: Int32Array = new Int32Array(0);
  private quoted: Uint8Array = new Uint8Array(0);
  private width = 0;
  /** The run of records added from the current view, not yet copied: its start and end there. */
  private runStart = -1;
  private runEnd = -1;
  rowCount = 0;

  constructor(
    private readonly quote: string,
    private readonly capacity: number,
  ) {}

  /** Empties the batch for the next rows, keeping its memory. */
  reset(): void {
    this.length = 0;
    this.rowCount = 0;
    this.runStart = -1;
  }

  add(start: number, end: number, bounds: FieldBounds, firstField: number, width: number): void {
    if (this.rowCount === 0) this.width = width;
    if (this.starts.length !== this.capacity * width) {
      this.starts = new Int32Array(this.capacity * width);
      this.ends = new Int32Array(this.capacity * width);
      this.quoted = new Uint8Array(this.capacity * width);
    }
    if (this.runStart < 0) this.runStart = start;
    this.runEnd = end;
    const shift = this.length - this.runStart;
    const at = this.rowCount * width;
    for (let field = 0; field < width; field += 1) {
      this.starts[at + field] = (bounds.starts[firstField + field] as number) + shift;
      this.ends[at + field] = (bounds.ends[firstField + field] as number) + shift;
      this.quoted[at + field] = bounds.quoted[firstField + field] as number;
    }
    this.rowCount += 1;
  }

  /** Copies the run of records added from `view`: before the view moves on, and before the batch is handed over. */
  copyRun(view: Buffer): void {
    if (this.runStart < 0) return;
    const size = this.runEnd - this.runStart;
    if (this.length + size > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + size));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    view.copy(this.bytes, this.length, this.runStart, this.runEnd);
    this.length += size;
    this.runStart = -1;
  }

  toRecordBatch(rejected: RejectedRow[], firstRowNumber: number, bytesRead: number): RecordBatch {
    const { starts, ends, quoted, width, rowCount, quote } = this;
    const bytes = this.bytes.subarray(0, this.length);
    const valueAt = (column: number, row: number): RawValue => {
      const field = row * width + column;
      return fieldValue(bytes, starts[field] as number, ends[field] as number, quoted[field] === 1, quote);
    };
    let rows: RawValue[][] | null = null;
    return {
      get rows() {
        rows ??= Array.from({ length: rowCount }, (_, row) =>
          Array.from({ length: width }, (_, column) => valueAt(column, row)),
        );
        return rows;
      },
      delimited: { rowCount, width, bytes, quote: quote.charCodeAt(0), starts, ends, quoted, valueAt },
      rejected,
      firstRowNumber,
      bytesRead,
    };
  }
}

/** Records complete in one view of the file's bytes, with their fields' places. */
interface ScannedView {
  header: SourceField[];
  records: RecordList;
  bounds: FieldBounds;
  bytes: Buffer;
  bytesRead: number;
}

/** Streams a delimited text file record by record, never holding more than a read buffer and one batch. */
export async function openCsvSource(
  path: string,
  options: CsvOptions = {},
  readBytes = READ_BYTES,
): Promise<RecordSource> {
  const { size } = await stat(path);
  const encoding = options.encoding ?? 'utf-8';
  const quoteChar = options.quote ?? '"';
  const quote = separatorByte(quoteChar, 'quote');
  const hasHeader = options.header ?? true;
  let delimiter = options.delimiter === undefined ? undefined : separatorByte(options.delimiter, 'delimiter');
  let fields: SourceField[] | null = null;
  // Files opened by readings not run to their end (a preview reads one batch); closed with the source.
  const openInputs = new Set<CsvBytes>();

  /** The delimiter, detected from the first line when not given; undefined while no line is complete. */
  function delimiterOf(view: ByteView): number | undefined {
    if (delimiter !== undefined) return delimiter;
    let lineEnd = view.bytes.findIndex((byte) => byte === 10 || byte === 13);
    if (lineEnd < 0 && !view.final) return undefined;
    if (lineEnd < 0) lineEnd = view.bytes.length;
    delimiter = detectDelimiter(view.bytes.toString('utf8', 0, lineEnd)).charCodeAt(0);
    return delimiter;
  }

  function headerFrom(bytes: Buffer, bounds: FieldBounds, firstField: number, fieldCount: number): SourceField[] {
    const names = Array.from({ length: fieldCount }, (_, index) => {
      const field = firstField + index;
      const value = fieldValue(
        bytes,
        bounds.starts[field] as number,
        bounds.ends[field] as number,
        bounds.quoted[field] === 1,
        quoteChar,
      );
      return hasHeader ? String(value ?? '') : `column_${index + 1}`;
    });
    return uniqueFieldNames(names).map((name) => ({ name }));
  }

  /** Scans the file view by view; each step yields every record complete in that view. */
  async function* scannedViews(): AsyncGenerator<ScannedView> {
    // Reused view after view: a view's records are copied out before the next one is read.
    const bounds = new FieldBounds();
    const records = new RecordList();
    const input = await CsvBytes.open(path, encoding, readBytes);
    openInputs.add(input);
    let header: SourceField[] | null = null;
    try {
      let used = 0;
      for (let view = await input.next(0); view; view = await input.next(used)) {
        used = 0;
        const separator = delimiterOf(view);
        if (separator === undefined) continue;
        const { bytes, final } = view;
        bounds.count = 0;
        records.clear();
        const state = scanState(separator, quote);
        while (used < bytes.length) {
          const start = used;
          const firstField = bounds.count;
          const end = scanRecord(bytes, used, final, bounds, state);
          if (end < 0) break;
          used = end;
          const fieldCount = bounds.count - firstField;
          const blank =
            fieldCount === 1 &&
            !bounds.quoted[firstField] &&
            bounds.starts[firstField] === bounds.ends[firstField] &&
            isLineBreakOnly(bytes, start, end);
          if (blank) continue;
          if (!header) {
            input.check(bytes.subarray(start, end), view.offset + start);
            header = headerFrom(bytes, bounds, firstField, fieldCount);
            fields = header;
            if (hasHeader) continue;
          }
          records.push(start, end, firstField, fieldCount, state.error);
        }
        input.check(bytes.subarray(0, used), view.offset);
        if (header) yield { header, records, bounds, bytes, bytesRead: input.fileBytesRead };
      }
    } finally {
      openInputs.delete(input);
      await input.close();
    }
    if (!header) throw new CsvFormatError(`${basename(path)} is empty: it has no header line`);
  }

  return {
    format: 'csv',
    parts: 1,
    totalBytes: size,
    async fields() {
      if (!fields) {
        const reader = scannedViews();
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
      const batch = new DelimitedBatch(quoteChar, batchRows);
      let rejected: RejectedRow[] = [];
      let rowNumber = 0;
      let firstRowNumber = 1;
      let bytesRead = 0;
      for await (const view of scannedViews()) {
        const expected = view.header.length;
        const { records, bytes } = view;
        for (let index = 0; index < records.count; index += 1) {
          rowNumber += 1;
          const error = records.errors.get(index);
          const fieldCount = records.fieldCounts[index] as number;
          const start = records.starts[index] as number;
          const end = records.ends[index] as number;
          if (error) {
            rejected.push({ rowNumber, reason: error, raw: lineText(bytes, start, end) });
          } else if (fieldCount !== expected) {
            rejected.push({
              rowNumber,
              reason: `expected ${expected} fields, found ${fieldCount}`,
              raw: lineText(bytes, start, end),
            });
          } else {
            batch.add(start, end, view.bounds, records.firstFields[index] as number, expected);
          }
          if (batch.rowCount + rejected.length >= batchRows) {
            batch.copyRun(bytes);
            yield batch.toRecordBatch(rejected, firstRowNumber, view.bytesRead);
            batch.reset();
            rejected = [];
            firstRowNumber = rowNumber + 1;
          }
        }
        batch.copyRun(bytes);
        bytesRead = view.bytesRead;
      }
      if (batch.rowCount + rejected.length > 0 || rowNumber === 0)
        yield batch.toRecordBatch(rejected, firstRowNumber, Math.max(bytesRead, size));
    },
    async close() {
      await Promise.all([...openInputs].map((input) => input.close()));
      openInputs.clear();
    },
  };
}
