import { type ErrorBody, TriadError } from '../../../shared/contract/errors.js';
import type { ColumnSpec } from '../db/column-types.js';
import type { CoercedBatch, ImportedColumn } from './coerce-batch.js';
import type { HandOffWord } from './log-hand-off.js';
import type { SourceFormat, SourceShare } from './record-source.js';
import type { CsvOptions } from './sources/csv-source.js';

/*
 * What a coercing reader thread and its importer say to each other: the reader thread loads only
 * this, not the importer's side.
 */

/** What a reader thread needs to read a file again and type its batches the same way. */
export interface CoercingReaderSpec {
  file: string;
  format: SourceFormat;
  csv: CsvOptions | undefined;
  batchRows: number;
  /** The parts of the file this reader reads. */
  share: SourceShare;
  /** Infer the schema from the first batch read, for the importer (the first reader of a file without declared types). */
  infersSchema: boolean;
  nullTokens: string[];
  /**
   * A database whose log this thread moves into the database file when the importer asks (after
   * a commit), so that the importing thread does not wait on that copy and the disk's flushes;
   * `word` is shared with the importer (log-hand-off.ts).
   */
  checkpoints: { file: string; word: HandOffWord } | null;
}

/**
 * The importer's messages to the reader: what to read (to a thread started before the import
 * knew), the columns to type (once, when the schema is settled), then, for each batch stored, a
 * request for one more, with the stored batch's buffers to reuse; and, after each commit, a
 * request to checkpoint the database's log.
 */
export type ImporterMessage =
  | { kind: 'read'; spec: CoercingReaderSpec }
  | { kind: 'columns'; imported: ImportedColumn[] }
  | { kind: 'more'; recycled: ArrayBuffer[] }
  | { kind: 'checkpoint' };

export type CoercingReaderMessage =
  | { kind: 'inferred'; columns: ColumnSpec[] }
  | { kind: 'batch'; batch: CoercedBatch }
  | { kind: 'end' }
  | { kind: 'failed'; error: ErrorBody };

/** Batches the reader may have ready before the importer asks for more: enough to cover a Parquet row group's decoding. */
export const READ_AHEAD = 32;

/** A file that cannot be read as its format is bad input, whatever the reader threw. */
export function readerError(error: unknown): TriadError {
  if (error instanceof TriadError) return error;
  return new TriadError('invalid_input', error instanceof Error ? error.message : String(error));
}
