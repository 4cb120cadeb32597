import type { ImportRecord } from '../../../shared/contract/schemas.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import { displayValue } from '../ingest/display-values.js';
import { previewFile } from '../ingest/preview.js';
import type { JobManager } from '../jobs/job-manager.js';
import type { ProjectSession } from '../project/project-session.js';

interface ImportRow {
  id: string;
  table_name: string;
  file: string;
  file_bytes: number;
  format: string;
  mode: string;
  status: string;
  rows_imported: number;
  rows_quarantined: number;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

const HISTORY_SHOWN = 200;

export function importsHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'imports.preview': async ({ path, format, csv }) => {
      const preview = await previewFile(path, { ...(format ? { format } : {}), ...(csv ? { csv } : {}) });
      return { ...preview, rows: preview.rows.map((row) => row.map(displayValue)) };
    },
    'imports.start': ({ path, format, csv, table, mode, columns, maxQuarantined, sourceName }) => ({
      jobId: jobs.start(session.current, 'import', {
        file: path,
        ...(sourceName ? { sourceName } : {}),
        table,
        mode,
        ...(format ? { format } : {}),
        ...(csv ? { csv } : {}),
        ...(columns ? { columns } : {}),
        ...(maxQuarantined !== undefined ? { maxQuarantined } : {}),
      }).id,
    }),
    'imports.history': () =>
      (
        session.current.db
          .prepare('SELECT * FROM triad_imports ORDER BY started_at DESC LIMIT ?')
          .all(HISTORY_SHOWN) as ImportRow[]
      ).map(
        (row): ImportRecord => ({
          id: row.id,
          table: row.table_name,
          file: row.file,
          fileBytes: row.file_bytes,
          format: row.format,
          mode: row.mode,
          status: row.status,
          rowsImported: row.rows_imported,
          rowsQuarantined: row.rows_quarantined,
          startedAt: row.started_at,
          finishedAt: row.finished_at,
          error: row.error,
        }),
      ),
  };
}
