import { parentPort, workerData } from 'node:worker_threads';
import type { PredictionLogSettings } from '../../../shared/contract/serving.js';
import { openSqlite } from '../db/open-sqlite.js';
import { type PredictionRecord, preparePredictionLog, pruneLog, writeLogBatch } from './prediction-log-store.js';
import type { Rollup } from './server-metrics.js';

export type LogWriterMessage =
  | { type: 'write'; predictions: PredictionRecord[]; rollups: Rollup[] }
  | { type: 'settings'; settings: PredictionLogSettings }
  | { type: 'close' };

/** Sent after every write, so the server knows how far behind the writer is; with the reason when it failed. */
export interface LogWriterReply {
  written: number;
  problem: string | null;
}

const PRUNE_EVERY_MS = 60_000;

/** The prediction log's writer: its own thread and its own SQLite file, so logging never delays an answer. */
function main(): void {
  const port = parentPort;
  if (!port) return;
  const { file, settings: initial } = workerData as { file: string; settings: PredictionLogSettings };
  const db = openSqlite(file);
  db.pragma('busy_timeout = 5000');
  preparePredictionLog(db);
  let settings = initial;
  let lastPrune = 0;
  const reply = (message: LogWriterReply) => port.postMessage(message);
  port.on('message', (message: LogWriterMessage) => {
    const count = message.type === 'write' ? message.predictions.length : 0;
    try {
      if (message.type === 'close') {
        db.close();
        port.close();
        return;
      }
      if (message.type === 'settings') {
        settings = message.settings;
        lastPrune = 0;
        return;
      }
      writeLogBatch(db, message.predictions, message.rollups);
      reply({ written: count, problem: null });
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        pruneLog(db, settings);
      }
    } catch (error) {
      reply({ written: count, problem: `the prediction log could not be written: ${(error as Error).message}` });
    }
  });
}

main();
