import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { RawValue, RecordBatch, RecordSource, RejectedRow, SourceField } from '../record-source.js';
import { uniqueFieldNames } from './field-names.js';

/** How many lines are read to learn the fields: keys first seen later are not imported. */
const FIELD_SAMPLE_LINES = 1000;

export class NdjsonFormatError extends Error {}

type Parsed = { object: Record<string, unknown> } | { error: string };

function parseLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `expected a JSON object, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}` };
  }
  return { object: value as Record<string, unknown> };
}

async function* lines(path: string): AsyncGenerator<{ line: string; bytesRead: number }> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let bytesRead = 0;
  stream.on('data', (chunk) => {
    bytesRead += Buffer.byteLength(chunk as string);
  });
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      yield { line: (line as string).replace(/^\uFEFF/, ''), bytesRead };
    }
  } finally {
    stream.destroy();
  }
}

/** Newline-delimited JSON: one object per line; blank lines are skipped. */
export async function openNdjsonSource(path: string): Promise<RecordSource> {
  const { size } = await stat(path);
  let fields: SourceField[] | null = null;
  let keys: string[] = [];

  async function learnFields(): Promise<SourceField[]> {
    const seen: string[] = [];
    let sampled = 0;
    for await (const { line } of lines(path)) {
      if (line.trim() === '') continue;
      const parsed = parseLine(line);
      if ('object' in parsed) {
        for (const key of Object.keys(parsed.object)) if (!seen.includes(key)) seen.push(key);
      }
      sampled += 1;
      if (sampled >= FIELD_SAMPLE_LINES) break;
    }
    if (seen.length === 0) {
      throw new NdjsonFormatError(`${basename(path)} has no JSON objects in its first ${FIELD_SAMPLE_LINES} lines`);
    }
    keys = seen;
    return uniqueFieldNames(seen).map((name) => ({ name }));
  }

  return {
    format: 'ndjson',
    parts: 1,
    totalBytes: size,
    async fields() {
      fields ??= await learnFields();
      return fields;
    },
    async *batches(batchRows: number): AsyncGenerator<RecordBatch> {
      if (!fields) fields = await learnFields();
      let rows: RawValue[][] = [];
      let rejected: RejectedRow[] = [];
      let rowNumber = 0;
      let firstRowNumber = 1;
      let bytesRead = 0;
      for await (const entry of lines(path)) {
        if (entry.line.trim() === '') continue;
        rowNumber += 1;
        bytesRead = entry.bytesRead;
        const parsed = parseLine(entry.line);
        if ('error' in parsed) rejected.push({ rowNumber, reason: parsed.error, raw: entry.line });
        else rows.push(keys.map((key) => (parsed.object[key] ?? null) as RawValue));
        if (rows.length + rejected.length >= batchRows) {
          yield { rows, rejected, firstRowNumber, bytesRead };
          rows = [];
          rejected = [];
          firstRowNumber = rowNumber + 1;
        }
      }
      if (rows.length + rejected.length > 0)
        yield { rows, rejected, firstRowNumber, bytesRead: Math.max(bytesRead, size) };
    },
    async close() {},
  };
}
