import type { ErrorBody } from '../../../shared/contract/errors.js';
import type { QueryColumn } from './read-only-query.js';

/** What the parent asks the query process to run. */
export interface QueryRequest {
  dbFile: string;
  sql: string;
  /** Rows past this many are not read; the result then says it was truncated. */
  limit: number;
  /** BLOBs longer than this are shown cut; whole when absent. */
  maxBlobBytes?: number;
}

/** The parent's answer to each batch: whether it wants more rows; without, reading stops. */
export interface BatchReply {
  more: boolean;
}

/**
 * What the query process sends, in order: the columns, batches of rows (each answered with a
 * BatchReply, so at most one batch waits to be written), then the end or an error. A batch is
 * one text, a JSON array of display values per line: one string crosses between processes far
 * faster than millions of small values.
 */
export type QueryMessage =
  | { kind: 'columns'; columns: QueryColumn[] }
  | { kind: 'rows'; lines: string }
  | { kind: 'end'; rowCount: number; truncated: boolean; stoppedEarly: boolean }
  | { kind: 'error'; error: ErrorBody };
