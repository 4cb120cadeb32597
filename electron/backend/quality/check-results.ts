import type Database from 'better-sqlite3';
import type { StoredCheckResult } from '../../../shared/contract/schemas.js';

interface ResultRow {
  check_name: string;
  target: string;
  status: StoredCheckResult['status'];
  failing_rows: number;
  total_rows: number;
  detail: string;
  blocking: number;
  trigger: string;
  checked_at: string;
  definition: string;
}

/** The latest result of every quality check, failing ones first. */
export function latestCheckResults(db: Database.Database): StoredCheckResult[] {
  return (
    db
      .prepare(
        `SELECT r.*, c.definition FROM triad_check_results r JOIN triad_quality_checks c ON c.name = r.check_name
             WHERE r.rowid = (SELECT max(rowid) FROM triad_check_results WHERE check_name = r.check_name)
             ORDER BY r.status = 'passed', r.check_name`,
      )
      .all() as ResultRow[]
  ).map((row) => {
    const definition = JSON.parse(row.definition) as { column: string; check: string };
    return {
      check: row.check_name,
      target: row.target,
      column: definition.column,
      kind: definition.check,
      status: row.status,
      failingRows: row.failing_rows,
      totalRows: row.total_rows,
      detail: row.detail,
      blocking: row.blocking === 1,
      trigger: row.trigger,
      checkedAt: row.checked_at,
    };
  });
}
