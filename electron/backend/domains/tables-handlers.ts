import type { TableInfo } from '../../../shared/contract/schemas.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { JobManager } from '../jobs/job-manager.js';
import { dropTable } from '../project/drop-table.js';
import type { ProjectSession } from '../project/project-session.js';
import { readRows } from '../query/table-rows.js';

interface TableRow {
  name: string;
  row_count: number;
  updated_at: string;
}

export function tablesHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'tables.stats': ({ source }) => ({ jobId: jobs.start(session.current, 'table-stats', { source }).id }),
    'tables.rows': (request) => readRows(session.current.db, request),
    'tables.drop': ({ table, force }) => dropTable(session.current.db, table, force === true),
    'tables.list': () => {
      const db = session.current.db;
      const columns = db.prepare('SELECT name, type, format FROM triad_columns WHERE table_name = ? ORDER BY position');
      return (db.prepare('SELECT name, row_count, updated_at FROM triad_tables ORDER BY name').all() as TableRow[]).map(
        (table): TableInfo => ({
          name: table.name,
          rows: table.row_count,
          updatedAt: table.updated_at,
          columns: columns.all(table.name) as TableInfo['columns'],
        }),
      );
    },
  };
}
