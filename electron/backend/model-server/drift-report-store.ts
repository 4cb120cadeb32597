import type Database from 'better-sqlite3';
import type { DriftReport } from '../../../shared/contract/serving.js';

/** Keeps a drift report in the prediction log: the reports flagged are the alert history. */
export function saveDriftReport(db: Database.Database, report: Omit<DriftReport, 'id'>): DriftReport {
  const id = db
    .prepare('INSERT INTO drift_reports (model, version, computed_at, dataset_drift, report) VALUES (?, ?, ?, ?, ?)')
    .run(
      report.model,
      report.version,
      report.computedAt,
      report.datasetDrift ? 1 : 0,
      JSON.stringify(report),
    ).lastInsertRowid;
  return { id: Number(id), ...report };
}

/** Drift reports, newest first. */
export function listDriftReports(db: Database.Database, model: string | undefined, limit: number): DriftReport[] {
  const rows = (
    model === undefined
      ? db.prepare('SELECT id, report FROM drift_reports ORDER BY id DESC LIMIT ?').all(limit)
      : db.prepare('SELECT id, report FROM drift_reports WHERE model = ? ORDER BY id DESC LIMIT ?').all(model, limit)
  ) as { id: number; report: string }[];
  return rows.map((row) => ({ ...(JSON.parse(row.report) as Omit<DriftReport, 'id'>), id: row.id }));
}

/** When a version's drift was last checked (its newest report's time), or null if never. */
export function lastDriftCheckMs(db: Database.Database, model: string, version: number): number | null {
  const computedAt = db
    .prepare('SELECT computed_at FROM drift_reports WHERE model = ? AND version = ? ORDER BY id DESC LIMIT 1')
    .pluck()
    .get(model, version) as string | undefined;
  return computedAt === undefined ? null : Date.parse(computedAt);
}
