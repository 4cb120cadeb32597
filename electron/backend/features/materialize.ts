import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { MaterializeProgress } from '../../../shared/contract/schemas.js';
import { quoteIdentifier } from '../ingest/column-types.js';
import { assertBlockingChecksPass, runQualityChecks } from '../quality/quality-checks.js';
import { type ResolvedView, resolveView } from './feature-registry.js';
import { CREATED_COLUMN, EVENT_COLUMN, ensureOnlineTable, onlineTableName } from './online-store.js';

export interface MaterializeWindow {
  /** Epoch ms, inclusive; null: from the beginning. */
  startMs: number | null;
  /** Epoch ms, exclusive. */
  endMs: number;
}

export interface MaterializeResult {
  view: string;
  startMs: number | null;
  endMs: number;
  rowsWritten: number;
  durationMs: number;
}

/** The views that have `online: true`, in name order. */
export function onlineViews(db: Database.Database): string[] {
  const rows = db
    .prepare("SELECT name FROM triad_feature_views WHERE json_extract(definition, '$.online') = 1 ORDER BY name")
    .all() as { name: string }[];
  return rows.map((row) => row.name);
}

/** Where the next incremental materialization of a view starts: the end of the last one. */
export function watermark(db: Database.Database, view: string): number | null {
  const row = db
    .prepare("SELECT max(end_ms) AS end FROM triad_materializations WHERE feature_view = ? AND status = 'succeeded'")
    .get(view) as { end: number | null };
  return row.end;
}

/** How many entities each upsert statement writes, so progress can be reported between them. */
const WRITE_CHUNK = 50_000;
const LATEST_TABLE = 'temp.triad_materialize_latest';

export type MaterializeProgressSink = (progress: Omit<MaterializeProgress, 'view' | 'viewIndex' | 'viewCount'>) => void;

/** Selects the latest row per entity in the window into a temporary table; returns how many there are. */
function selectLatest(db: Database.Database, view: ResolvedView, window: MaterializeWindow): number {
  const keys = view.joinKeys.map(quoteIdentifier);
  const created = view.createdField ? quoteIdentifier(view.createdField) : 'NULL';
  const features = view.features.map(quoteIdentifier);
  const timestamp = quoteIdentifier(view.timestampField);
  db.exec(`DROP TABLE IF EXISTS ${LATEST_TABLE}`);
  db.prepare(
    `CREATE TABLE ${LATEST_TABLE} AS
     SELECT ${[...keys, 'event_ts', 'created_ts', ...features].join(', ')} FROM (
       SELECT ${keys.join(', ')}, ${timestamp} AS event_ts, ${created} AS created_ts, ${features.join(', ')},
         row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${timestamp} DESC, ${created} DESC) AS newest
       FROM ${quoteIdentifier(view.name)}
       WHERE ${timestamp} < @end ${window.startMs === null ? '' : `AND ${timestamp} >= @start`}
     ) WHERE newest = 1`,
  ).run({ end: window.endMs, ...(window.startMs === null ? {} : { start: window.startMs }) });
  return (db.prepare(`SELECT count(*) AS n FROM ${LATEST_TABLE}`).get() as { n: number }).n;
}

/** Upserts the selected rows into the online table in chunks; a stored row is replaced only by a newer one. */
function writeLatest(
  db: Database.Database,
  view: ResolvedView,
  entitiesToWrite: number,
  onProgress: MaterializeProgressSink,
): number {
  ensureOnlineTable(db, view);
  const keys = view.joinKeys.map(quoteIdentifier);
  const features = view.features.map(quoteIdentifier);
  const columns = [...keys, EVENT_COLUMN, CREATED_COLUMN, ...features];
  const upsert = db.prepare(`
    INSERT INTO ${quoteIdentifier(onlineTableName(view.name))} (${columns.join(', ')})
    SELECT ${[...keys, 'event_ts', 'created_ts', ...features].join(', ')} FROM ${LATEST_TABLE}
    WHERE rowid > @after AND rowid <= @after + ${WRITE_CHUNK} ORDER BY rowid
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
      ${[EVENT_COLUMN, CREATED_COLUMN, ...features].map((column) => `${column} = excluded.${column}`).join(', ')}
    WHERE excluded.${EVENT_COLUMN} > ${EVENT_COLUMN}
       OR (excluded.${EVENT_COLUMN} = ${EVENT_COLUMN} AND coalesce(excluded.${CREATED_COLUMN}, 0) >= coalesce(${CREATED_COLUMN}, 0))`);
  let changes = 0;
  for (let after = 0; after < entitiesToWrite; after += WRITE_CHUNK) {
    changes += upsert.run({ after }).changes;
    onProgress({ stage: 'writing', entitiesWritten: Math.min(entitiesToWrite, after + WRITE_CHUNK), entitiesToWrite });
  }
  db.exec(`DROP TABLE ${LATEST_TABLE}`);
  return changes;
}

/**
 * Loads the latest value per entity of each view into the online store, one transaction per
 * view, and records the run (the next incremental run starts where it ended).
 */
export function materialize(
  db: Database.Database,
  views: readonly string[],
  window: (view: string) => MaterializeWindow,
  onProgress: (progress: MaterializeProgress) => void = () => {},
): MaterializeResult[] {
  if (views.length === 0)
    throw new TriadError('not_found', 'no feature view to materialize: define one with online: true (see triad apply)');
  return views.map((name, viewIndex) => {
    const report: MaterializeProgressSink = (progress) =>
      onProgress({ view: name, viewIndex, viewCount: views.length, ...progress });
    const started = Date.now();
    const range = window(name);
    if (range.startMs !== null && range.startMs >= range.endMs) {
      throw new TriadError(
        'invalid_input',
        `nothing to materialize for ${name}: the window starts at or after its end`,
      );
    }
    report({ stage: 'checking', entitiesWritten: 0, entitiesToWrite: null });
    assertBlockingChecksPass(runQualityChecks(db, name, 'materialize'), `materialization of ${name}`);
    const run = db.transaction(() => {
      const view = resolveView(db, name);
      report({ stage: 'selecting', entitiesWritten: 0, entitiesToWrite: null });
      const rowsWritten = writeLatest(db, view, selectLatest(db, view, range), report);
      db.prepare(
        `INSERT INTO triad_materializations (id, feature_view, start_ms, end_ms, rows_written, status, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, 'succeeded', ?, ?)`,
      ).run(
        randomUUID(),
        name,
        range.startMs,
        range.endMs,
        rowsWritten,
        new Date(started).toISOString(),
        new Date().toISOString(),
      );
      return rowsWritten;
    });
    return { view: name, ...range, rowsWritten: run.immediate(), durationMs: Date.now() - started };
  });
}
