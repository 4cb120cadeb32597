import { formatCount } from '../../../shared/format.js';
import { databaseHealth } from '../db/open-sqlite.js';
import { listDataTables } from '../db/project-facts.js';
import type { Service } from './service.js';

/** The SQLite store that holds feature data. Up once the project database answers an integrity check. */
export function createFeatureStoreService(): Service {
  return {
    id: 'feature-store',
    async start({ project }) {
      const health = databaseHealth(project.db);
      if (health.check !== 'ok') throw new Error(`the project database failed its integrity check: ${health.check}`);
      const tables = listDataTables(project).length;
      return {
        detail: `SQLite ${health.sqliteVersion}, ${health.journalMode.toUpperCase()} journal, ${formatCount(tables, 'table')}`,
      };
    },
    async stop() {},
  };
}
