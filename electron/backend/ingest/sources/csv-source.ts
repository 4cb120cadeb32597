import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RawValue, RecordBatch, RecordSource, RejectedRow, SourceField } from '../record-source.js';
import { type ByteView, CsvBytes, CsvFormatError, READ_SIZES, type ReadSizes } from './csv-bytes.js';
import { FieldBounds, isLineBreakOnly, scanRecord, scanState } from './csv-scan.js';
import { uniqueFieldNames } from './field-names.js';

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
function detectDelimiter(firstLine: string): string {
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

/** A record of a view that could not be read, and how many readable records of the view came before it. */
interface RejectedInView extends RejectedRow {
  readableBefore: number;
}

/**
 * The records of one view of the file's bytes: the readable ones, each with exactly one field per
 * column, as places in the view's bytes, and the ones that could not be read.
 */
interface ScannedView {
  bytes: Buffer;
  bounds: FieldBounds;
  width: number;
  readable: number;
  rejected: RejectedInView[];
  /** The number of the view's first record among the file's data rows. */
  firstRowNumber: number;
  bytesRead: number;
}

/** A batch of a view's records, from readable record `from` to `to`, with the rejected ones among them. */
function viewBatch(
  view: ScannedView,
  from: number,
  to: number,
  rejected: RejectedRow[],
  firstRowNumber: number,
  quote: string,
): RecordBatch {
  const { bytes, width } = view;
  const starts = view.bounds.starts.subarray(from * width, to * width);
  const ends = view.bounds.ends.subarray(from * width, to * width);
  const quoted = view.bounds.quoted.subarray(from * width, to * width);
  const rowCount = to - from;
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
    bytesRead: view.bytesRead,
  };
}

/**
 * A view's records in batches of at most `batchRows`, as even as can be. A batch never spans two
 * views: its fields stay where they were read, and nothing is copied.
 */
function* viewBatches(view: ScannedView, batchRows: number, quote: string): Generator<RecordBatch> {
  const records = view.readable + view.rejected.length;
  const size = Math.ceil(records / Math.max(1, Math.ceil(records / batchRows)));
  let readable = 0;
  let nextRejected = 0;
  let rowNumber = view.firstRowNumber;
  while (readable < view.readable || nextRejected < view.rejected.length) {
    const from = readable;
    const firstRowNumber = rowNumber;
    const rejected: RejectedRow[] = [];
    for (let taken = 0; taken < size && rowNumber < view.firstRowNumber + records; taken += 1, rowNumber += 1) {
      const next = view.rejected[nextRejected];
      if (next && next.readableBefore === readable) {
        rejected.push({ rowNumber: next.rowNumber, reason: next.reason, raw: next.raw });
        nextRejected += 1;
      } else readable += 1;
    }
    yield viewBatch(view, from, readable, rejected, firstRowNumber, quote);
  }
}

/** Streams a delimited text file record by record, never holding more than a read buffer and one batch. */
export async function openCsvSource(
  path: string,
  options: CsvOptions = {},
  sizes: ReadSizes = READ_SIZES,
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

  /** Scans the file view by view; each step yields the records complete in that view. `untilHeader`: stops once the header is read. */
  async function* scannedViews(untilHeader = false): AsyncGenerator<ScannedView> {
    // Reused view after view: a view's records are handled before the next one is read.
    const bounds = new FieldBounds();
    const input = await CsvBytes.open(path, encoding, sizes);
    openInputs.add(input);
    let header: SourceField[] | null = null;
    let rowNumber = 0;
    try {
      let used = 0;
      for (let view = await input.next(0); view; view = await input.next(used)) {
        used = 0;
        const separator = delimiterOf(view);
        if (separator === undefined) continue;
        const { bytes, final } = view;
        bounds.count = 0;
        const rejected: RejectedInView[] = [];
        const firstRowNumber = rowNumber + 1;
        let readable = 0;
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
          if (blank) {
            bounds.count = firstField;
            continue;
          }
          if (!header) {
            input.check(bytes.subarray(start, end), view.offset + start);
            header = headerFrom(bytes, bounds, firstField, fieldCount);
            fields = header;
            if (untilHeader) return;
            if (hasHeader) {
              bounds.count = firstField;
              continue;
            }
          }
          rowNumber += 1;
          if (state.error === null && fieldCount === header.length) {
            readable += 1;
            continue;
          }
          bounds.count = firstField;
          rejected.push({
            rowNumber,
            reason: state.error ?? `expected ${header.length} fields, found ${fieldCount}`,
            raw: lineText(bytes, start, end),
            readableBefore: readable,
          });
        }
        input.check(bytes.subarray(0, used), view.offset);
        if (header)
          yield {
            bytes,
            bounds,
            width: header.length,
            readable,
            rejected,
            firstRowNumber,
            bytesRead: input.fileBytesRead,
          };
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
      if (!fields) await scannedViews(true).next();
      if (!fields) throw new CsvFormatError(`${basename(path)} is empty: it has no header line`);
      return fields;
    },
    async *batches(batchRows: number): AsyncGenerator<RecordBatch> {
      let any = false;
      for await (const view of scannedViews())
        for (const batch of viewBatches(view, batchRows, quoteChar)) {
          any = true;
          yield batch;
        }
      if (!any) yield { rows: [], rejected: [], firstRowNumber: 1, bytesRead: size };
    },
    async close() {
      await Promise.all([...openInputs].map((input) => input.close()));
      openInputs.clear();
    },
  };
}
