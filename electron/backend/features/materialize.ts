import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { MaterializationRecord, MaterializeProgress } from '../../../shared/contract/schemas.js';
import { quoteIdentifier } from '../db/column-types.js';
import {
  liveStagingFor,
  RETIRED_PREFIX,
  registerStaging,
  stagingName,
  unregisterStaging,
} from '../db/staging-tables.js';
import { assertBlockingChecksPass, runQualityChecks } from '../quality/quality-checks.js';
import { epochMsSql } from './event-time.js';
import { type ResolvedView, resolveView } from './feature-registry.js';
import { CREATED_COLUMN, EVENT_COLUMN, ensureOnlineTable, onlineTableName } from './online-store.js';

/**
 * The event times a run reads: from `startMs` (epoch ms, inclusive; null: from the beginning), or
 * incrementally from the view's watermark, to `endMs` (exclusive).
 */
export type MaterializeWindow = { startMs: number | null; endMs: number } | { incremental: true; endMs: number };

export type MaterializeResult = Omit<MaterializationRecord, 'finishedAt'> & { durationMs: number };

/** The views that have `online: true`, in name order. */
export function onlineViews(db: Database.Database): string[] {
  const rows = db
    .prepare("SELECT name FROM triad_feature_views WHERE json_extract(definition, '$.online') = 1 ORDER BY name")
    .all() as { name: string }[];
  return rows.map((row) => row.name);
}

/**
 * Where the next incremental materialization of a view starts: the latest event time a run has
 * read (not the end of its window, so rows a run could not see, e.g. late arrivals, are read by
 * the next). Null when no run has read a row.
 */
export function watermark(db: Database.Database, view: string): number | null {
  const row = db
    .prepare(
      "SELECT max(watermark_ms) AS latest FROM triad_materializations WHERE feature_view = ? AND status = 'succeeded'",
    )
    .get(view) as { latest: number | null };
  return row.latest;
}

/** How many entities each upsert statement (and its transaction) writes: a few tens of milliseconds of lock. */
const WRITE_CHUNK = 10_000;
/** Rows of the online table copied per transaction when a large run builds its new table beside it. */
const COPY_CHUNK = 50_000;
/** Up to this many entities a run writes into the online table in one short transaction; more are staged. */
export const DIRECT_WRITE_MAX = 10_000;
const LATEST_TABLE = 'temp.triad_materialize_latest';

export type MaterializeProgressSink = (progress: Omit<MaterializeProgress, 'view' | 'viewIndex' | 'viewCount'>) => void;

/** What selecting the latest rows found: how many entities, and how many rows had an event time it could not read. */
interface Selected {
  entities: number;
  rowsSkipped: number;
}

/**
 * Selects the latest row per entity in the window into a temporary table. Rows whose event time
 * cannot be read are counted in the same pass, by a function SQLite calls only for rows without
 * an event time.
 */
function selectLatest(db: Database.Database, view: ResolvedView, startMs: number | null, endMs: number): Selected {
  const keys = view.joinKeys.map(quoteIdentifier);
  const created = view.createdField ? epochMsSql(view.createdField) : 'NULL';
  const features = view.features.map(quoteIdentifier);
  let rowsSkipped = 0;
  db.function('triad_skip_unreadable_time', { deterministic: false }, (value: unknown) => {
    if (value !== null) rowsSkipped += 1;
    return 0;
  });
  db.exec(`DROP TABLE IF EXISTS ${LATEST_TABLE}`);
  // One condition (a CASE, not AND-ed terms SQLite may reorder), so every row without an event time reaches the count.
  db.prepare(
    `CREATE TABLE ${LATEST_TABLE} AS
     SELECT ${[...keys, 'event_ts', 'created_ts', ...features].join(', ')} FROM (
       SELECT *, row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY event_ts DESC, created_ts DESC) AS newest
       FROM (
         SELECT ${keys.join(', ')}, ${epochMsSql(view.timestampField)} AS event_ts, ${quoteIdentifier(view.timestampField)} AS stated_ts,
           ${created} AS created_ts, ${features.join(', ')}
         FROM ${quoteIdentifier(view.name)}
       )
       WHERE CASE WHEN event_ts IS NULL THEN triad_skip_unreadable_time(stated_ts)
         ELSE event_ts < @end ${startMs === null ? '' : 'AND event_ts >= @start'}
           ${keys.map((key) => `AND ${key} IS NOT NULL`).join(' ')} END
     ) WHERE newest = 1`,
  ).run({ end: endMs, ...(startMs === null ? {} : { start: startMs }) });
  const entities = (db.prepare(`SELECT count(*) AS n FROM ${LATEST_TABLE}`).get() as { n: number }).n;
  return { entities, rowsSkipped };
}

function upsertStatement(db: Database.Database, view: ResolvedView, into: string): Database.Statement {
  const keys = view.joinKeys.map(quoteIdentifier);
  const features = view.features.map(quoteIdentifier);
  const columns = [...keys, EVENT_COLUMN, CREATED_COLUMN, ...features];
  return db.prepare(`
    INSERT INTO ${quoteIdentifier(into)} (${columns.join(', ')})
    SELECT ${[...keys, 'event_ts', 'created_ts', ...features].join(', ')} FROM ${LATEST_TABLE}
    WHERE rowid > @after AND rowid <= @after + ${WRITE_CHUNK} ORDER BY rowid
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET
      ${[EVENT_COLUMN, CREATED_COLUMN, ...features].map((column) => `${column} = excluded.${column}`).join(', ')}
    WHERE excluded.${EVENT_COLUMN} > ${EVENT_COLUMN}
       OR (excluded.${EVENT_COLUMN} = ${EVENT_COLUMN} AND coalesce(excluded.${CREATED_COLUMN}, 0) > coalesce(${CREATED_COLUMN}, 0))
       OR (excluded.${EVENT_COLUMN} = ${EVENT_COLUMN} AND excluded.${CREATED_COLUMN} IS ${CREATED_COLUMN}
           AND (${[...features.map((column) => `excluded.${column} IS NOT ${column}`), '0'].join(' OR ')}))`);
}

/** Upserts the selected rows into `into` in chunks, each chunk in the transaction `inChunk` gives; a stored row is replaced only by a newer one. */
function writeLatest(
  db: Database.Database,
  view: ResolvedView,
  into: string,
  entitiesToWrite: number,
  onProgress: MaterializeProgressSink,
  inChunk: (write: () => number) => number,
): number {
  const upsert = upsertStatement(db, view, into);
  let changes = 0;
  for (let after = 0; after < entitiesToWrite; after += WRITE_CHUNK) {
    changes += inChunk(() => upsert.run({ after }).changes);
    onProgress({ stage: 'writing', entitiesWritten: Math.min(entitiesToWrite, after + WRITE_CHUNK), entitiesToWrite });
  }
  return changes;
}

/** Copies a WITHOUT ROWID table's rows in key order, a short transaction per batch. */
function copyByKey(db: Database.Database, from: string, to: string, keys: readonly string[]): void {
  const keyList = keys.map(quoteIdentifier).join(', ');
  const first = db.prepare(
    `INSERT INTO ${quoteIdentifier(to)} SELECT * FROM ${quoteIdentifier(from)} ORDER BY ${keyList} LIMIT ${COPY_CHUNK}`,
  );
  const next = db.prepare(
    `INSERT INTO ${quoteIdentifier(to)} SELECT * FROM ${quoteIdentifier(from)} WHERE (${keyList}) > (${keys.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ${COPY_CHUNK}`,
  );
  const last = db.prepare(
    `SELECT ${keyList} FROM ${quoteIdentifier(to)} ORDER BY ${keys.map((key) => `${quoteIdentifier(key)} DESC`).join(', ')} LIMIT 1`,
  );
  const batch = db.transaction((after: unknown[] | null) => (after ? next.run(...after) : first.run()).changes);
  let after: unknown[] | null = null;
  while (batch.immediate(after) === COPY_CHUNK) after = last.raw(true).get() as unknown[];
}

function tableSql(db: Database.Database, table: string): string {
  return db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
}

/** The latest event time among the selected rows: the run's watermark. */
function latestSelected(db: Database.Database): number | null {
  return db.prepare(`SELECT max(event_ts) FROM ${LATEST_TABLE}`).pluck().get() as number | null;
}

/**
 * A large run builds the view's new online table beside the old one: the old rows copied, the
 * latest rows upserted, each batch a short transaction; then one short transaction swaps it in
 * and records the run. Readers see the old online table whole until then, a stopped run leaves it
 * as it was, and no write holds the lock long.
 */
function writeStaged(
  db: Database.Database,
  view: ResolvedView,
  online: string,
  entities: number,
  report: MaterializeProgressSink,
  owner: string,
  record: (rowsWritten: number) => void,
): number {
  const staging = stagingName();
  const schema = tableSql(db, online);
  db.transaction(() => {
    if (liveStagingFor(db, online))
      throw new TriadError('unavailable', `another materialization of ${view.name} is running: wait for it to finish`);
    db.exec(schema.replace(/^CREATE TABLE\s+("(?:[^"]|"")*"|\S+)/, `CREATE TABLE ${quoteIdentifier(staging)}`));
    registerStaging(db, staging, online, { owner, importId: null });
  }).immediate();
  copyByKey(db, online, staging, view.joinKeys);
  const rowsWritten = writeLatest(db, view, staging, entities, report, (write) => db.transaction(write).immediate());
  const retired = stagingName(RETIRED_PREFIX);
  db.transaction(() => {
    if (tableSql(db, online) !== schema)
      throw new TriadError('unavailable', `the online table of ${view.name} changed during the run: materialize again`);
    db.exec(`ALTER TABLE ${quoteIdentifier(online)} RENAME TO ${quoteIdentifier(retired)}`);
    db.exec(`ALTER TABLE ${quoteIdentifier(staging)} RENAME TO ${quoteIdentifier(online)}`);
    unregisterStaging(db, staging);
    record(rowsWritten);
  }).immediate();
  db.exec(`DROP TABLE ${quoteIdentifier(retired)}`);
  return rowsWritten;
}

/**
 * Loads the latest value per entity of each view into the online store and records the run with
 * the latest event time it read (where the next incremental run starts): a small run in one short
 * transaction, a large one staged (writeStaged). An incremental run into a new online table reads
 * from the beginning.
 */
export function materialize(
  db: Database.Database,
  views: readonly string[],
  window: (view: string) => MaterializeWindow,
  onProgress: (progress: MaterializeProgress) => void = () => {},
  /** Who owns a staged run's table (a job id), so it can be discarded if the run is stopped. */
  owner: string = randomUUID(),
): MaterializeResult[] {
  if (views.length === 0)
    throw new TriadError('not_found', 'no feature view to materialize: define one with online: true (see triad apply)');
  return views.map((name, viewIndex) => {
    const report: MaterializeProgressSink = (progress) =>
      onProgress({ view: name, viewIndex, viewCount: views.length, ...progress });
    const started = Date.now();
    const range = window(name);
    report({ stage: 'checking', entitiesWritten: 0, entitiesToWrite: null });
    assertBlockingChecksPass(runQualityChecks(db, name, 'materialize'), `materialization of ${name}`);
    const { view, newTable } = db
      .transaction(() => {
        const resolved = resolveView(db, name);
        return { view: resolved, newTable: ensureOnlineTable(db, resolved) };
      })
      .immediate();
    // Reading takes no write lock: the latest rows go to a temporary table of this connection.
    const { startMs, entities, rowsSkipped } = db.transaction(() => {
      const from = 'incremental' in range ? (newTable ? null : watermark(db, name)) : range.startMs;
      if (from !== null && from >= range.endMs) {
        throw new TriadError(
          'invalid_input',
          `nothing to materialize for ${name}: the window starts at ${new Date(from).toISOString()}, at or after its end`,
        );
      }
      report({ stage: 'selecting', entitiesWritten: 0, entitiesToWrite: null });
      return { startMs: from, ...selectLatest(db, view, from, range.endMs) };
    })();
    const record = (rowsWritten: number) =>
      db
        .prepare(
          `INSERT INTO triad_materializations (id, feature_view, start_ms, end_ms, watermark_ms, rows_written, rows_skipped, status, started_at, finished_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'succeeded', ?, ?)`,
        )
        .run(
          randomUUID(),
          name,
          startMs,
          range.endMs,
          latestSelected(db),
          rowsWritten,
          rowsSkipped,
          new Date(started).toISOString(),
          new Date().toISOString(),
        );
    const online = onlineTableName(name);
    const rowsWritten =
      entities <= DIRECT_WRITE_MAX
        ? db
            .transaction(() => {
              const written = writeLatest(db, view, online, entities, report, (write) => write());
              record(written);
              return written;
            })
            .immediate()
        : writeStaged(db, view, online, entities, report, owner, record);
    db.exec(`DROP TABLE ${LATEST_TABLE}`);
    return { view: name, startMs, endMs: range.endMs, rowsWritten, rowsSkipped, durationMs: Date.now() - started };
  });
}

/** Past successful materializations, newest first. */
export function materializationHistory(db: Database.Database): MaterializationRecord[] {
  return (
    db
      .prepare(
        "SELECT feature_view, start_ms, end_ms, rows_written, rows_skipped, finished_at FROM triad_materializations WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 100",
      )
      .all() as {
      feature_view: string;
      start_ms: number | null;
      end_ms: number;
      rows_written: number;
      rows_skipped: number;
      finished_at: string;
    }[]
  ).map((row) => ({
    view: row.feature_view,
    startMs: row.start_ms,
    endMs: row.end_ms,
    rowsWritten: row.rows_written,
    rowsSkipped: row.rows_skipped,
    finishedAt: row.finished_at,
  }));
}
