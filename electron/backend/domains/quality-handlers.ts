import type { StoredCheckResult } from '../../../shared/contract/schemas.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { JobManager } from '../jobs/job-manager.js';
import type { ProjectSession } from '../project/project-session.js';

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

export function qualityHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'quality.results': () =>
      (
        session.current.db
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
      }),
    'quality.run': ({ target }) => ({
      jobId: jobs.start(session.current, 'quality-run', { target: target ?? null }).id,
    }),
  };
}
