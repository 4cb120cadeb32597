import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { quoteIdentifier } from '../db/column-types.js';
import { type ValueColumn, withValuesAt } from '../ingest/value-columns.js';
import { compiledModuleUrl } from '../threads/compiled-module.js';
import { threadsStartedAhead } from '../threads/threads-started-ahead.js';
import {
  type FeatureRows,
  type FeatureRowsQuery,
  firstFeatureColumn,
  type RowSlice,
  readFeatureRows,
  type SharedColumns,
} from './feature-rows.js';
import { matchedInFeatureOrder } from './match-order.js';
import type { PlainPicks, WantedRows } from './matched-value-writer.js';
import { newMatchesControl, nullColumns, publishMatches, ReadersStopped, stopReaders } from './matches-hand-off.js';
import { readsOneTableInOneLoop } from './one-table-scan.js';

/** A slice's timeline (its numbers go to `shared`), or the values of its wanted rows (they go to `wanted.picked`). */
export type FeatureRowsSliceRequest = { databaseFile: string; query: FeatureRowsQuery; slice: RowSlice } & (
  | { shared: SharedColumns; wanted: null }
  | { shared: null; wanted: WantedRows }
);

type SliceRead = { ok: true; rows: FeatureRows } | { ok: true; plain: PlainPicks[] };

export type FeatureRowsSliceReply =
  | SliceRead
  | { ok: false; message: string }
  | { ok: false; reordered: true }
  | { ok: false; stopped: true };

/** The second read did not return the rows the first one did in the same order. */
export class ReadOrderChanged extends Error {}

/** Every table's row count and last change: any write by Triad to any table changes it. */
function tablesFingerprint(db: Database.Database): string {
  return JSON.stringify(
    db.prepare('SELECT name, row_count, updated_at FROM triad_tables ORDER BY name').raw(true).all(),
  );
}

/**
 * A column whose slices all held numbers is the shared array; otherwise the slices' values
 * joined, numbers read back through `fromNumber` (NaN is null).
 */
function mergeColumn<T>(
  whole: Float64Array | null,
  parts: readonly (Float64Array | T[])[],
  fromNumber: (number: number) => T,
): Float64Array | T[] {
  if (whole && parts.every((part) => part instanceof Float64Array)) return whole;
  return parts.flatMap((part) => (part instanceof Float64Array ? Array.from(part, fromNumber) : part));
}

const numberOrNull = (number: number) => (Number.isNaN(number) ? null : number);

function mergeSlices(parts: readonly FeatureRows[], shared: SharedColumns): FeatureRows {
  return {
    rowCount: parts.reduce((total, part) => total + part.rowCount, 0),
    keys: mergeColumn(
      shared.keys,
      parts.map((part) => part.keys),
      numberOrNull,
    ),
    times: shared.times,
    unreadableTimes: parts.reduce((total, part) => total + part.unreadableTimes, 0),
    created: shared.created,
    values: shared.values.map((whole, feature) =>
      mergeColumn(
        whole,
        parts.map((part) => part.values[feature] as ValueColumn),
        numberOrNull,
      ),
    ),
  };
}

export const sharedColumn = (rows: number) =>
  new Float64Array(new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT));

/** Shared arrays for a view's keys and times, and created times if any: a timeline has no values. */
function timelineColumns(query: FeatureRowsQuery, rows: number): SharedColumns {
  return {
    keys: query.keyTypes.length === 1 ? sharedColumn(rows) : null,
    times: sharedColumn(rows),
    created: query.hasCreated ? sharedColumn(rows) : null,
    values: [],
  };
}

let sliceReaders: ReturnType<typeof threadsStartedAhead<FeatureRowsSliceReply, FeatureRowsSliceRequest>> | null = null;

const sliceReaderThreads = () =>
  (sliceReaders ??= threadsStartedAhead<FeatureRowsSliceReply, FeatureRowsSliceRequest>(
    compiledModuleUrl('./feature-rows-worker.js', import.meta.url),
    'a reader of the feature view',
  ));

function readSlice(request: FeatureRowsSliceRequest): Promise<SliceRead> {
  return new Promise((resolve, reject) => {
    const thread = sliceReaderThreads().start(request, {
      message: (reply) => {
        thread.finish();
        if (reply.ok) resolve(reply);
        else if ('reordered' in reply) reject(new ReadOrderChanged());
        else if ('stopped' in reply) reject(new ReadersStopped());
        else reject(new TriadError('invalid_input', reply.message));
      },
      failed: reject,
    });
  });
}

/** Below this many rows per reader, starting a worker costs more than it saves. */
const MIN_ROWS_PER_READER = 250_000;

/** A view's rows as read for a join: with their values, or only the timeline (keys and times) of a large view. */
export interface ViewRead {
  rows: FeatureRows;
  /** The slices worker threads read, when only the timeline was read; null when the values are in `rows`. */
  slices: RowSlice[] | null;
  fingerprint: string;
}

function assertUnchanged(db: Database.Database, read: { fingerprint: string }, counts: boolean): void {
  if (counts && tablesFingerprint(db) === read.fingerprint) return;
  throw new TriadError('unavailable', 'the data changed while the feature view was read: build the training set again');
}

/** A view read whole, on this thread and one connection. */
export function readViewWhole(db: Database.Database, query: FeatureRowsQuery): ViewRead {
  return { fingerprint: tablesFingerprint(db), rows: readFeatureRows(db, query), slices: null };
}

/** Whether a table a view's columns come from holds rows enough for two readers, by the catalog's counts (no scan). */
function largeByCatalog(db: Database.Database, query: FeatureRowsQuery): boolean {
  const tables = [
    ...new Set(
      db
        .prepare(query.sql)
        .columns()
        .flatMap((column) => (column.table ? [column.table] : [])),
    ),
  ];
  if (tables.length === 0) return false;
  const largest = db
    .prepare(`SELECT max(row_count) FROM triad_tables WHERE name IN (${tables.map(() => '?').join(', ')})`)
    .pluck()
    .get(...tables);
  return typeof largest === 'number' && largest >= 2 * MIN_ROWS_PER_READER;
}

/** A view's read for a join, under way. */
export interface TimelineReading {
  /** The view's rows when worker threads read its timeline in slices; null when it is read whole, here. */
  slicedRows: number | null;
  read: Promise<ViewRead>;
}

/**
 * Starts reading what a join needs of a view: a large view's timeline only (keys and times), in up
 * to `maxReaders` worker threads, each an equal slice of the view's own query on its own
 * connection; a small view whole, on this thread. A failure (bad SQL) rejects `read`.
 */
export function startViewTimeline(db: Database.Database, query: FeatureRowsQuery, maxReaders: number): TimelineReading {
  let slicedRows: number | null = null;
  // Runs at once up to the readers' replies, so `slicedRows` is set when this returns.
  const read = (async () => {
    // The readers' threads start while the view is counted when it is likely to need them.
    if (maxReaders > 1 && largeByCatalog(db, query)) sliceReaderThreads().prepare(maxReaders);
    const total =
      maxReaders > 1 ? (db.prepare(`SELECT count(*) AS n FROM (${query.sql})`).get() as { n: number }).n : 0;
    const readers = Math.min(maxReaders, Math.floor(total / MIN_ROWS_PER_READER));
    if (readers <= 1) return readViewWhole(db, query);
    slicedRows = total;
    return readTimelineSlices(db, query, total, readers);
  })();
  return { slicedRows, read };
}

async function readTimelineSlices(
  db: Database.Database,
  query: FeatureRowsQuery,
  total: number,
  readers: number,
): Promise<ViewRead> {
  const fingerprint = tablesFingerprint(db);
  const sliceSize = Math.ceil(total / readers);
  const slices = Array.from({ length: readers }, (_, index) => ({
    limit: Math.max(0, Math.min(sliceSize, total - index * sliceSize)),
    offset: index * sliceSize,
  }));
  // The view's own query with only its first columns kept, so rows come in the order they will in the second pass.
  const timeColumns = query.columns.slice(0, firstFeatureColumn(query));
  const timeline = {
    ...query,
    sql: `SELECT ${timeColumns.map(quoteIdentifier).join(', ')} FROM (${query.sql})`,
    featureCount: 0,
  };
  const shared = timelineColumns(query, total);
  const parts = await Promise.all(
    slices.map(async (slice) => {
      const reply = await readSlice({ databaseFile: db.name, query: timeline, slice, shared, wanted: null });
      return 'rows' in reply ? reply.rows : Promise.reject(new Error('a timeline reader replied without rows'));
    }),
  );
  const read = { rows: mergeSlices(parts, shared), slices, fingerprint };
  assertUnchanged(
    db,
    read,
    parts.every((part, index) => part.rowCount === slices[index]?.limit),
  );
  return read;
}

const sharedInt32 = (length: number) => new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));

/** Where each slice's wanted rows' entity rows start in `matchedRows`, which is in view-row order. */
function firstMatchedOf(slices: readonly RowSlice[], matches: Int32Array, matchedRows: Int32Array): number[] {
  let index = 0;
  return slices.map((slice) => {
    while (index < matchedRows.length && (matches[matchedRows[index] as number] as number) < slice.offset) index += 1;
    return index;
  });
}

/** The second read of a view's slices, started before the join has ended. */
export interface MatchedValueReaders {
  /** Where the join writes each entity row's view row (-1 for none): memory the readers share. */
  matches: Int32Array;
  /**
   * Hands the matches to the readers, which wait for them; `scratch`: memory the caller no longer
   * needs (the join's index), to order the matches in.
   */
  publish(scratch?: Int32Array): void;
  /** Tells the readers the join failed: they stop. */
  abandon(): void;
  /** The training set's columns: rejects with ReadOrderChanged when a reader met rows in another order. */
  values: Promise<ValueColumn[]>;
}

/**
 * Starts the second read of a view read as a timeline first: each reader runs its slice again,
 * SQLite hands back only the rows the join matched, and the reader writes each one's values to the
 * entity rows that matched them, in `picked` (one shared column per feature and entity row, null
 * until written). `pickedHoldsIndex`: the join's index lies in `picked`'s memory, so the columns
 * are set to null only once the join has ended, by `publish`; else the last slice's reader does it
 * while the join runs.
 * The readers start now, while this thread joins: a reader of a later slice steps past the rows
 * before it meanwhile, and every reader waits for the matches at its slice's first row. Each row
 * is checked against the timeline; if the order differs, the values reject with ReadOrderChanged
 * and the caller reads the view whole instead.
 */
export function startMatchedValueReaders(
  db: Database.Database,
  query: FeatureRowsQuery,
  read: ViewRead,
  entityRows: number,
  picked: Float64Array[],
  pickedHoldsIndex: boolean,
): MatchedValueReaders {
  const slices = read.slices;
  if (!slices) throw new Error('startMatchedValueReaders reads a view read in slices');
  const marks = new Uint8Array(new SharedArrayBuffer(read.rows.rowCount));
  const matches = sharedInt32(entityRows);
  const matchedRows = sharedInt32(entityRows);
  const control = newMatchesControl(slices.length);
  const oneTableScan = readsOneTableInOneLoop(db, query.sql);
  const timelineKeys = read.rows.keys instanceof Float64Array ? read.rows.keys : null;
  const wanted = (sliceIndex: number): WantedRows => ({
    marks,
    timelineTimes: read.rows.times,
    timelineKeys,
    oneTableScan,
    matches,
    matchedRows,
    control,
    sliceIndex,
    picked,
    readerNulls: !pickedHoldsIndex,
  });
  // Every reader has stopped writing before the values settle, even when one failed early; a
  // reader that fails stops the others, which may be waiting for its nulls.
  const replies = Promise.allSettled(
    slices.map((slice, index) =>
      readSlice({ databaseFile: db.name, query, slice, shared: null, wanted: wanted(index) }).catch((error) => {
        stopReaders(control);
        throw error;
      }),
    ),
  ).then((settled) => {
    const failures = settled.flatMap((reply) => (reply.status === 'rejected' ? [reply.reason as unknown] : []));
    const cause = failures.find((error) => !(error instanceof ReadersStopped)) ?? failures[0];
    if (failures.length > 0) throw cause;
    return settled.map((reply) => (reply as PromiseFulfilledResult<SliceRead>).value);
  });
  const values = replies.then((done) => {
    assertUnchanged(db, read, true);
    const plain = done.flatMap((reply) => ('plain' in reply ? reply.plain : []));
    return picked.map((numbers, feature) =>
      withValuesAt(
        numbers,
        plain.filter((picks) => picks.feature === feature),
      ),
    );
  });
  return {
    matches,
    publish(scratch) {
      for (const match of matches) if (match >= 0) marks[match] = 1;
      const inOrder = matchedInFeatureOrder(matches, read.rows.rowCount, scratch);
      matchedRows.set(inOrder);
      const firsts = firstMatchedOf(slices, matches, inOrder);
      // `inOrder` may lie in the columns' memory (as the scratch did): not read after this.
      if (pickedHoldsIndex) nullColumns(control, picked);
      publishMatches(control, inOrder.length, firsts);
    },
    abandon() {
      values.catch(() => {});
      stopReaders(control);
    },
    values,
  };
}
