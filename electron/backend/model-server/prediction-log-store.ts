import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { LoggedPrediction, PredictionLogSettings } from '../../../shared/contract/serving.js';
import { openSqlite } from '../db/open-sqlite.js';
import type { Rollup } from './server-metrics.js';

/** The prediction log's own file in the project folder: the model server never waits on the project database. */
export const PREDICTION_LOG_FILE = 'predictions.sqlite';

/** One prediction as the server hands it to the log writer (values already JSON text). */
export interface PredictionRecord {
  timeMs: number;
  model: string;
  version: number;
  endpoint: LoggedPrediction['endpoint'];
  status: number;
  latencyMicros: number;
  rows: number;
  inputs: string | null;
  outputs: string | null;
  entities: string | null;
  error: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS predictions (
    id INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    model TEXT NOT NULL,
    version INTEGER NOT NULL,
    endpoint TEXT NOT NULL,
    status INTEGER NOT NULL,
    latency_us REAL NOT NULL,
    rows INTEGER NOT NULL,
    inputs TEXT,
    outputs TEXT,
    entities TEXT,
    error TEXT
  );
  CREATE INDEX IF NOT EXISTS predictions_by_model_time ON predictions (model, time_ms);
  CREATE INDEX IF NOT EXISTS predictions_by_time ON predictions (time_ms);
  CREATE TABLE IF NOT EXISTS request_rollups (
    model TEXT NOT NULL,
    version INTEGER NOT NULL,
    start_ms INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    latency TEXT NOT NULL,
    PRIMARY KEY (model, version, start_ms)
  );
  CREATE INDEX IF NOT EXISTS request_rollups_by_time ON request_rollups (start_ms);
  CREATE TABLE IF NOT EXISTS drift_reports (
    id INTEGER PRIMARY KEY,
    model TEXT NOT NULL,
    version INTEGER NOT NULL,
    computed_at TEXT NOT NULL,
    dataset_drift INTEGER NOT NULL,
    report TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS drift_reports_by_model ON drift_reports (model, id);
`;

export function preparePredictionLog(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
}

/** The project's prediction log, made when it is not there yet; the caller closes it. */
export function openPredictionLog(projectDir: string): Database.Database {
  const db = openSqlite(join(projectDir, PREDICTION_LOG_FILE));
  db.pragma('busy_timeout = 5000');
  preparePredictionLog(db);
  return db;
}

/** A read-only connection to a prediction log that exists, for work off the backend's main thread; the caller closes it. */
export function openPredictionLogForReading(projectDir: string): Database.Database {
  const db = openSqlite(join(projectDir, PREDICTION_LOG_FILE), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Writes a batch of predictions and rollups in one transaction (rollups of the same period add up). */
export function writeLogBatch(db: Database.Database, predictions: PredictionRecord[], rollups: Rollup[]): void {
  const insertPrediction = db.prepare(
    `INSERT INTO predictions (time_ms, model, version, endpoint, status, latency_us, rows, inputs, outputs, entities, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const readRollup = db.prepare(
    'SELECT requests, errors, latency FROM request_rollups WHERE model = ? AND version = ? AND start_ms = ?',
  );
  const writeRollup = db.prepare(
    `INSERT INTO request_rollups (model, version, start_ms, requests, errors, latency) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (model, version, start_ms) DO UPDATE SET requests = excluded.requests, errors = excluded.errors, latency = excluded.latency`,
  );
  db.transaction(() => {
    for (const entry of predictions)
      insertPrediction.run(
        entry.timeMs,
        entry.model,
        entry.version,
        entry.endpoint,
        entry.status,
        entry.latencyMicros,
        entry.rows,
        entry.inputs,
        entry.outputs,
        entry.entities,
        entry.error,
      );
    for (const rollup of rollups) {
      const earlier = readRollup.get(rollup.model, rollup.version, rollup.startMs) as
        | { requests: number; errors: number; latency: string }
        | undefined;
      const latency = new Map<number, number>(earlier ? (JSON.parse(earlier.latency) as [number, number][]) : []);
      for (const [bucket, count] of rollup.latency) latency.set(bucket, (latency.get(bucket) ?? 0) + count);
      writeRollup.run(
        rollup.model,
        rollup.version,
        rollup.startMs,
        rollup.requests + (earlier?.requests ?? 0),
        rollup.errors + (earlier?.errors ?? 0),
        JSON.stringify([...latency].sort((a, b) => a[0] - b[0])),
      );
    }
  })();
}

/** Deletes predictions beyond the retention age and the size limit, oldest first; rollups follow the age. */
export function pruneLog(db: Database.Database, settings: PredictionLogSettings, now = Date.now()): number {
  const oldest = now - settings.retentionDays * 86_400_000;
  let removed = db.prepare('DELETE FROM predictions WHERE time_ms < ?').run(oldest).changes;
  db.prepare('DELETE FROM request_rollups WHERE start_ms < ?').run(oldest);
  const count = db.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
  if (count > settings.maxRows) {
    const cut = db
      .prepare('SELECT id FROM predictions ORDER BY id DESC LIMIT 1 OFFSET ?')
      .pluck()
      .get(settings.maxRows) as number;
    removed += db.prepare('DELETE FROM predictions WHERE id <= ?').run(cut).changes;
  }
  return removed;
}
