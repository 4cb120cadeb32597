import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import {
  type FeatureRows,
  type FeatureRowsQuery,
  type RowSlice,
  readFeatureRows,
  type SharedColumns,
  type ValueColumn,
} from './feature-rows.js';

export interface FeatureRowsSliceRequest {
  databaseFile: string;
  query: FeatureRowsQuery;
  slice: RowSlice;
  shared: SharedColumns;
}

export type FeatureRowsSliceReply = { ok: true; rows: FeatureRows } | { ok: false; message: string };

/** Every table's row count and last change: any write by Triad to any table changes it. */
function tablesFingerprint(db: Database.Database): string {
  return JSON.stringify(
    db.prepare('SELECT name, row_count, updated_at FROM triad_tables ORDER BY name').raw(true).all(),
  );
}

/** A column whose slices all held numbers is the shared array; otherwise the slices' values joined. */
function mergeColumn(whole: Float64Array | null, parts: readonly ValueColumn[]): ValueColumn {
  if (whole && parts.every((part) => part instanceof Float64Array)) return whole;
  return parts.flatMap((part) =>
    part instanceof Float64Array ? Array.from(part, (number) => (Number.isNaN(number) ? null : number)) : part,
  );
}

function mergeKeys(whole: Float64Array | null, parts: readonly FeatureRows['keys'][]): FeatureRows['keys'] {
  if (whole && parts.every((part) => part instanceof Float64Array)) return whole;
  return parts.flatMap((part) =>
    part instanceof Float64Array ? Array.from(part, (number) => (Number.isNaN(number) ? null : String(number))) : part,
  );
}

function mergeSlices(parts: readonly FeatureRows[], shared: SharedColumns): FeatureRows {
  return {
    rowCount: parts.reduce((total, part) => total + part.rowCount, 0),
    keys: mergeKeys(
      shared.keys,
      parts.map((part) => part.keys),
    ),
    times: shared.times,
    created: shared.created,
    values: shared.values.map((whole, feature) =>
      mergeColumn(
        whole,
        parts.map((part) => part.values[feature] as ValueColumn),
      ),
    ),
  };
}

const sharedColumn = (rows: number) => new Float64Array(new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT));

function readSlice(request: FeatureRowsSliceRequest): Promise<FeatureRows> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./feature-rows-worker.js', import.meta.url), { workerData: request });
    worker.once('message', (reply: FeatureRowsSliceReply) => {
      if (reply.ok) resolve(reply.rows);
      else reject(new TriadError('invalid_input', reply.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new TriadError('internal', `a reader of the feature view stopped unexpectedly (exit code ${code})`)),
    );
  });
}

/** Below this many rows per reader, starting a worker costs more than it saves. */
const MIN_ROWS_PER_READER = 250_000;

/**
 * Reads a view's rows, in up to `maxReaders` worker threads when it is large: each reads an equal
 * slice of the same query on its own connection (SQLite returns one query's rows in the same order
 * each time). If any table changed while they read, the slices could come from different states
 * of the data, so the read is refused rather than joined.
 */
export async function readFeatureRowsInParallel(
  db: Database.Database,
  query: FeatureRowsQuery,
  maxReaders: number,
): Promise<FeatureRows> {
  if (maxReaders <= 1) return readFeatureRows(db, query);
  const before = tablesFingerprint(db);
  const total = (db.prepare(`SELECT count(*) AS n FROM (${query.sql})`).get() as { n: number }).n;
  const readers = Math.min(maxReaders, Math.floor(total / MIN_ROWS_PER_READER));
  if (readers <= 1) return readFeatureRows(db, query);
  const sliceSize = Math.ceil(total / readers);
  const slices = Array.from({ length: readers }, (_, index) => ({
    limit: Math.max(0, Math.min(sliceSize, total - index * sliceSize)),
    offset: index * sliceSize,
  }));
  const shared: SharedColumns = {
    keys: query.keyCount === 1 ? sharedColumn(total) : null,
    times: sharedColumn(total),
    created: query.hasCreated ? sharedColumn(total) : null,
    values: Array.from({ length: query.featureCount }, () => sharedColumn(total)),
  };
  const parts = await Promise.all(slices.map((slice) => readSlice({ databaseFile: db.name, query, slice, shared })));
  const changed =
    parts.some((part, index) => part.rowCount !== slices[index]?.limit) || tablesFingerprint(db) !== before;
  if (changed)
    throw new TriadError(
      'unavailable',
      'the data changed while the feature view was read: build the training set again',
    );
  return mergeSlices(parts, shared);
}
