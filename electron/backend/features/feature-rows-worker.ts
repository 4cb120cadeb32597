import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openSqlite } from '../db/open-sqlite.js';
import { type FeatureRows, readFeatureRows } from './feature-rows.js';
import type { FeatureRowsSliceReply, FeatureRowsSliceRequest, WantedRows } from './parallel-feature-rows.js';

const request = workerData as FeatureRowsSliceRequest;

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * Runs the slice again, letting SQLite return only the marked rows: a function called once per
 * row, in order, says which. Returns null when the rows are not the ones the timeline holds there.
 */
function readWanted(db: Database.Database, wanted: WantedRows): FeatureRows | null {
  const { query, slice, shared } = request;
  const positions: number[] = [];
  let calls = 0;
  db.function('triad_wanted', { deterministic: false }, () => {
    const row = slice.offset + calls;
    calls += 1;
    if (!wanted.marks[row]) return 0;
    positions.push(row);
    return 1;
  });
  const rows = readFeatureRows(db, query, {
    sql: `SELECT * FROM (${query.sql} LIMIT ${slice.limit} OFFSET ${slice.offset}) WHERE triad_wanted()`,
    place: wanted.place,
    shared,
  });
  if (calls !== slice.limit || rows.rowCount !== wanted.place.limit) return null;
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
