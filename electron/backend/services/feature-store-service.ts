import { formatCount } from '../../../shared/format.js';
import { listDataTables } from '../db/project-facts.js';
import type { Service } from './service.js';

/** The SQLite store that holds feature data. Up once the project database answers an integrity check. */
export function createFeatureStoreService(): Service {
  return {
    id: 'feature-store',
    async start({ project }) {
      const check = project.db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the project database failed its integrity check: ${String(check)}`);
      const journal = project.db.pragma('journal_mode', { simple: true });
      const version = project.db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
      const tables = listDataTables(project).length;
      return {
        detail: `SQLite ${version.v}, ${String(journal).toUpperCase()} journal, ${formatCount(tables, 'table')}`,
      };
    },
    async stop() {},
  };
}
