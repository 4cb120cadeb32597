import type { DomainHandlers } from '../contract/handler-registry.js';
import { listTables } from '../db/table-catalog.js';
import type { JobManager } from '../jobs/job-manager.js';
import { dropTable } from '../project/drop-table.js';
import type { ProjectSession } from '../project/project-session.js';
import { readRows } from '../query/table-rows.js';

export function tablesHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'tables.stats': ({ source }) => ({ jobId: jobs.start(session.current, 'table-stats', { source }).id }),
    'tables.rows': (request) => readRows(session.current.db, request),
    'tables.drop': ({ table, force }) => dropTable(session.current.db, table, force === true),
    'tables.list': () => listTables(session.current.db),
  };
}
