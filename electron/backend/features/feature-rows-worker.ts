import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { readFeatureRows } from './feature-rows.js';
import type { FeatureRowsSliceReply, FeatureRowsSliceRequest } from './parallel-feature-rows.js';

const request = workerData as FeatureRowsSliceRequest;

let reply: FeatureRowsSliceReply;
try {
  const db = new Database(request.databaseFile, { readonly: true, fileMustExist: true });
  try {
    reply = { ok: true, rows: readFeatureRows(db, request.query, request.slice, request.shared) };
  } finally {
    db.close();
  }
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
// Numbers are in the shared columns already; only columns that turned out not to be numbers are copied.
parentPort?.postMessage(reply);
