import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { readFeatureRows } from './feature-rows.js';
import type { FeatureRowsSliceReply, FeatureRowsSliceRequest } from './parallel-feature-rows.js';

const request = workerData as FeatureRowsSliceRequest;

function transferables(reply: FeatureRowsSliceReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  const { keys, times, created, values } = reply.rows;
  return [keys, times, created, ...values].flatMap((column) =>
    column instanceof Float64Array ? [column.buffer as ArrayBuffer] : [],
  );
}

let reply: FeatureRowsSliceReply;
try {
  const db = new Database(request.databaseFile, { readonly: true, fileMustExist: true });
  try {
    reply = { ok: true, rows: readFeatureRows(db, request.query, request.slice) };
  } finally {
    db.close();
  }
} catch (error) {
  reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(reply, transferables(reply));
