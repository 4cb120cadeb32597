import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import { listTables } from '../db/table-catalog.js';
import type { JobManager } from '../jobs/job-manager.js';
import { readRows } from '../query/table-rows.js';
import { dropTable } from '../use-cases/drop-table.js';

export function tablesHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'tables.stats': ({ source }) => ({ jobId: jobs.start(session.current, 'table-stats', { source }).id }),
    'tables.rows': (request) => readRows(session.current.db, request),
    'tables.drop': ({ table, force }) => dropTable(session.current.db, table, force === true),
    'tables.list': () => listTables(session.current.db),
  };
}
