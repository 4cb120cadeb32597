import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../db/open-sqlite.js';
import { setScanCache } from '../db/scan-cache.js';
import { readFeatureRows } from './feature-rows.js';
import { writeMatchedValues } from './matched-value-writer.js';
import { ReadersStopped } from './matches-hand-off.js';
import type { FeatureRowsSliceReply, FeatureRowsSliceRequest } from './parallel-feature-rows.js';

// A thread started ahead of its read is told what to read by its first message.
const request =
  (workerData as FeatureRowsSliceRequest | null) ??
  (await new Promise<FeatureRowsSliceRequest>((resolve) => parentPort?.once('message', resolve)));

let reply: FeatureRowsSliceReply;
try {
  const db = openSqlite(request.databaseFile, { readonly: true, fileMustExist: true });
  setScanCache(db);
  try {
    if (request.wanted) {
      const plain = writeMatchedValues(db, request.query, request.slice, request.wanted);
      reply = plain ? { ok: true, plain } : { ok: false, reordered: true };
    } else {
      reply = { ok: true, rows: readFeatureRows(db, request.query, { slice: request.slice, shared: request.shared }) };
    }
  } finally {
    db.close();
  }
} catch (error) {
  reply =
    error instanceof ReadersStopped
      ? { ok: false, stopped: true }
      : { ok: false, message: error instanceof Error ? error.message : String(error) };
}
// Numbers are in the shared columns already; only values that are not numbers are copied.
parentPort?.postMessage(reply);
