import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFacts } from '../../../shared/contract/schemas.js';
import { quoteIdentifier } from './column-types.js';
import { appliedSchemaVersion } from './migrations.js';
import type { Project } from './project.js';
import { ARTIFACTS_DIR, DATABASE_FILE } from './project-folder.js';

const TABLES_SHOWN = 50;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function folderUsage(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return { bytes, files };
  }
  for (const entry of entries) {
    const stats = statSync(join(dir, entry), { throwIfNoEntry: false });
    if (stats?.isFile()) {
      bytes += stats.size;
      files += 1;
    }
  }
  return { bytes, files };
}

function countRows(project: Project, table: string): number {
  const row = project.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
  return row.n;
}

/** The user's data tables: everything but SQLite's own and Triad's catalog (triad_*). */
export function listDataTables(project: Project): string[] {
  const rows = project.db
    .prepare(
      `SELECT name FROM sqlite_master
       WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'triad\\_%' ESCAPE '\\'
       ORDER BY name`,
    )
    .all() as { name: string }[];
  return rows.map((row) => row.name);
}

/**
 * Row counts for the home pages, which poll them: the catalog's count for tables Triad wrote
 * (kept current by every import), a full count only for tables made some other way.
 */
function tableRowCounts(project: Project): { name: string; rows: number }[] {
  const catalog = new Map(
    (project.db.prepare('SELECT name, row_count FROM triad_tables').all() as { name: string; row_count: number }[]).map(
      (row) => [row.name.toLowerCase(), row.row_count],
    ),
  );
  return listDataTables(project)
    .slice(0, TABLES_SHOWN)
    .map((name) => ({ name, rows: catalog.get(name.toLowerCase()) ?? countRows(project, quoteIdentifier(name)) }));
}

export function readProjectFacts(project: Project): ProjectFacts {
  const tables = tableRowCounts(project);
  const artifacts = folderUsage(join(project.path, ARTIFACTS_DIR));
  const dbFile = join(project.path, DATABASE_FILE);
  return {
    tables,
    featureViews: countRows(project, 'triad_feature_views'),
    featureServices: countRows(project, 'triad_feature_services'),
    runs: countRows(project, 'triad_runs'),
    models: countRows(project, 'triad_models'),
    trainingSets: countRows(project, 'triad_training_sets'),
    checks: {
      total: countRows(project, 'triad_quality_checks'),
      failing: (
        project.db
          .prepare(
            `SELECT count(*) AS n FROM triad_check_results r
             WHERE r.status != 'passed' AND r.rowid = (SELECT max(rowid) FROM triad_check_results WHERE check_name = r.check_name)
             AND r.check_name IN (SELECT name FROM triad_quality_checks)`,
          )
          .get() as { n: number }
      ).n,
    },
    databaseBytes: fileSize(dbFile) + fileSize(`${dbFile}-wal`),
    artifactsBytes: artifacts.bytes,
    artifactCount: artifacts.files,
    schemaVersion: appliedSchemaVersion(project.db),
  };
}
