import { resolve } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnSpec } from '../db/column-types.js';
import { openRecordSource } from './open-source.js';
import type { RawValue, SourceFormat } from './record-source.js';
import { inferSchema } from './schema-inference.js';
import { assertFileToRead, detectFormat } from './source-files.js';
import type { CsvOptions } from './sources/csv-source.js';
import { DEFAULT_NULL_TOKENS } from './value-coercion.js';

export interface FilePreview {
  file: string;
  format: SourceFormat;
  totalBytes: number;
  columns: ColumnSpec[];
  /** The first rows as the file holds them, for the user to check the schema against. */
  rows: RawValue[][];
  /** Rows of the sample the reader could not parse, with the reason. */
  problems: { rowNumber: number; reason: string }[];
  warnings: string[];
}

const SAMPLE_ROWS = 5000;
const ROWS_SHOWN = 50;

/** Reads the start of a file and proposes a schema, writing nothing. */
export async function previewFile(
  path: string,
  options: { format?: SourceFormat; csv?: CsvOptions } = {},
): Promise<FilePreview> {
  const file = resolve(path);
  assertFileToRead(file);
  const format = options.format ?? detectFormat(file);
  try {
    const source = await openRecordSource(file, format, options.csv);
    try {
      const fields = await source.fields();
      const iterator = source.batches(SAMPLE_ROWS)[Symbol.asyncIterator]();
      const first = await iterator.next();
      await iterator.return?.();
      const sample = first.done ? { rows: [], rejected: [] } : first.value;
      const columns = inferSchema(fields, first.done ? null : first.value, new Set(DEFAULT_NULL_TOKENS));
      const warnings: string[] = [];
      if (format === 'csv' && fields.length === 1 && sample.rows.some((row) => /[,;\t|]/.test(String(row[0] ?? '')))) {
        warnings.push('only one column was found, but its values contain separators: check the delimiter');
      }
      return {
        file,
        format,
        totalBytes: source.totalBytes,
        columns,
        rows: sample.rows.slice(0, ROWS_SHOWN),
        problems: sample.rejected.map(({ rowNumber, reason }) => ({ rowNumber, reason })),
        warnings,
      };
    } finally {
      await source.close();
    }
  } catch (error) {
    if (error instanceof TriadError) throw error;
    throw new TriadError('invalid_input', error instanceof Error ? error.message : String(error));
  }
}
