import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openSqlite } from '../db/open-sqlite.js';
import { type FeatureRows, type RowSlice, readFeatureRows } from './feature-rows.js';
import type { FeatureRowsSliceReply, FeatureRowsSliceRequest, WantedRows } from './parallel-feature-rows.js';

// A thread started ahead of its read is told what to read by its first message.
const request =
  (workerData as FeatureRowsSliceRequest | null) ??
  (await new Promise<FeatureRowsSliceRequest>((resolve) => parentPort?.once('message', resolve)));

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** The last marked row of the slice, or -1. */
function lastMarked(marks: Uint8Array, { offset, limit }: RowSlice): number {
  for (let row = offset + limit - 1; row >= offset; row -= 1) if (marks[row]) return row;
  return -1;
}

/**
 * Runs the slice again, letting SQLite return only the marked rows: a function called once per
 * row, in order, says which. A view reading one table asks it before reading a row's columns
 * (rows before the slice answer no; the read stops after the slice's last marked row); any other
 * view runs as the slice's LIMIT and OFFSET, asked after. Returns null when the rows are not the
 * ones the timeline holds there.
 */
function readWanted(db: Database.Database, wanted: WantedRows): FeatureRows | null {
  const { query, slice, shared } = request;
  const askedFirst = wanted.oneTableScan;
  const end = slice.offset + slice.limit;
  const positions: number[] = [];
  let calls = 0;
  db.function('triad_wanted', { deterministic: false }, () => {
    const row = askedFirst ? calls : slice.offset + calls;
    calls += 1;
    if (row < slice.offset || row >= end || !wanted.marks[row]) return 0;
    positions.push(row);
    return 1;
  });
  const rows = readFeatureRows(db, query, {
    sql: askedFirst
      ? `SELECT * FROM (${query.sql}) WHERE triad_wanted() LIMIT ${wanted.place.limit}`
      : `SELECT * FROM (${query.sql} LIMIT ${slice.limit} OFFSET ${slice.offset}) WHERE triad_wanted()`,
    place: wanted.place,
    shared,
  });
  const expectedCalls = askedFirst ? lastMarked(wanted.marks, slice) + 1 : slice.limit;
  if (calls !== expectedCalls || rows.rowCount !== wanted.place.limit) return null;
  const { times, keys } = rows;
  for (const [index, row] of positions.entries()) {
    if (!same(times[index] as number, wanted.timelineTimes[row] as number)) return null;
    if (
      wanted.timelineKeys &&
      keys instanceof Float64Array &&
      !same(keys[index] as number, wanted.timelineKeys[row] as number)
    )
      return null;
  }
  return rows;
}

let reply: FeatureRowsSliceReply;
try {
  const db = openSqlite(request.databaseFile, { readonly: true, fileMustExist: true });
  try {
    if (request.wanted) {
      const rows = readWanted(db, request.wanted);
      reply = rows ? { ok: true, rows } : { ok: false, reordered: true };
    } else {
      reply = { ok: true, rows: readFeatureRows(db, request.query, { slice: request.slice, shared: request.shared }) };
    }
  } finally {
    db.close();
  }
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
// Numbers are in the shared columns already; only columns that turned out not to be numbers are copied.
parentPort?.postMessage(reply);
