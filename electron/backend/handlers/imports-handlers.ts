import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import { displayValue } from '../ingest/display-values.js';
import { importHistory } from '../ingest/import-history.js';
import { previewFile } from '../ingest/preview.js';
import type { JobManager } from '../jobs/job-manager.js';

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
    'imports.history': () => importHistory(session.current.db),
  };
}
