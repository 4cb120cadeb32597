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

const CHUNK_BYTES = 1 << 20;
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

interface ParsedRecord {
  fields: RawValue[];
  end: number;
  error: string | null;
}

/**
 * Parses one record of `text` from `start`. Returns null when the record may continue past the
 * end of `text` and more input is coming (`final` false).
 */
function parseRecord(
  text: string,
  start: number,
  delimiter: number,
  quote: number,
  final: boolean,
): ParsedRecord | null {
  const fields: RawValue[] = [];
  const length = text.length;
  let position = start;
  let error: string | null = null;
  for (;;) {
    if (text.charCodeAt(position) === quote) {
      let value = '';
      let from = position + 1;
      for (;;) {
        const close = text.indexOf(text[position] as string, from);
        if (close < 0 || (close + 1 >= length && !final)) {
          if (!final) return null;
          return { fields, end: length, error: 'a quoted field is never closed (unbalanced quote)' };
        }
        if (text.charCodeAt(close + 1) === quote) {
          value += text.slice(from, close + 1);
          from = close + 2;
          continue;
        }
        value += text.slice(from, close);
        position = close + 1;
        break;
      }
      fields.push(value);
      const next = text.charCodeAt(position);
      if (position < length && next !== delimiter && next !== 10 && next !== 13) {
        error ??= `unexpected text after a closing quote in field ${fields.length}`;
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
      if (end >= length && !final) return null;
      fields.push(end === position ? null : text.slice(position, end));
      position = end;
    }
    if (position >= length) {
      if (!final) return null;
      return { fields, end: length, error };
    }
    const code = text.charCodeAt(position);
    if (code === delimiter) {
      position += 1;
      if (position >= length && !final) return null;
      continue;
    }
    if (code === 13) {
      if (position + 1 >= length && !final) return null;
      position += text.charCodeAt(position + 1) === 10 ? 2 : 1;
    } else {
      position += 1;
    }
    return { fields, end: position, error };
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

async function* decodedChunks(
  path: string,
  encoding: string,
): AsyncGenerator<{ text: string; bytesRead: number; final: boolean }> {
  const decoder = decoderFor(encoding, path);
  let bytesRead = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      bytesRead += (chunk as Buffer).length;
      yield { text: decoder.decode(chunk as Buffer, { stream: true }), bytesRead, final: false };
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

/** Streams a delimited text file record by record, never holding more than a chunk and one record. */
export async function openCsvSource(path: string, options: CsvOptions = {}): Promise<RecordSource> {
  const { size } = await stat(path);
  const encoding = options.encoding ?? 'utf-8';
  const quote = (options.quote ?? '"').charCodeAt(0);
  const hasHeader = options.header ?? true;
  let delimiter = options.delimiter;
  let fields: SourceField[] | null = null;

  /** A record and where it sits in its chunk's text; the text is cut out only for rejected records. */
  interface ParsedLine {
    fields: RawValue[];
    error: string | null;
    start: number;
    end: number;
  }

  /** Parses the file chunk by chunk; each step yields every record complete in that chunk. */
  async function* recordChunks(): AsyncGenerator<{
    header: SourceField[];
    lines: ParsedLine[];
    text: string;
    bytesRead: number;
  }> {
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
      const delimiterCode = delimiter.charCodeAt(0);
      const lines: ParsedLine[] = [];
      let position = 0;
      while (position < text.length) {
        const record = parseRecord(text, position, delimiterCode, quote, chunk.final);
        if (!record) break;
        const start = position;
        position = record.end;
        if (record.fields.length === 1 && record.fields[0] === null && isLineBreakOnly(text, start, record.end))
          continue;
        if (!header) {
          header = uniqueFieldNames(
            hasHeader
              ? record.fields.map((name) => String(name ?? ''))
              : record.fields.map((_, index) => `column_${index + 1}`),
          ).map((name) => ({ name }));
          fields = header;
          if (hasHeader) continue;
        }
        lines.push({ fields: record.fields, error: record.error, start, end: record.end });
      }
      pending = text.slice(position);
      if (pending.length > MAX_RECORD_CHARS) {
        throw new CsvFormatError(`${basename(path)}: a record runs on for more than 64 MB; is a quote left open?`);
      }
      if (header) yield { header, lines, text, bytesRead: chunk.bytesRead };
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
      let rows: RawValue[][] = [];
      let rejected: RejectedRow[] = [];
      let rowNumber = 0;
      let firstRowNumber = 1;
      let bytesRead = 0;
      for await (const chunk of recordChunks()) {
        const expected = chunk.header.length;
        for (const line of chunk.lines) {
          rowNumber += 1;
          if (line.error) {
            rejected.push({ rowNumber, reason: line.error, raw: lineText(chunk.text, line) });
          } else if (line.fields.length !== expected) {
            rejected.push({
              rowNumber,
              reason: `expected ${expected} fields, found ${line.fields.length}`,
              raw: lineText(chunk.text, line),
            });
          } else {
            rows.push(line.fields);
          }
          if (rows.length + rejected.length >= batchRows) {
            yield { rows, rejected, firstRowNumber, bytesRead: chunk.bytesRead };
            rows = [];
            rejected = [];
            firstRowNumber = rowNumber + 1;
          }
        }
        bytesRead = chunk.bytesRead;
      }
      if (rows.length + rejected.length > 0 || rowNumber === 0)
        yield { rows, rejected, firstRowNumber, bytesRead: Math.max(bytesRead, size) };
    },
    async close() {},
  };
}
