import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { QualityCheckDefinition } from '../../../shared/contract/feature-definitions.js';
import type { DropTableOutcome, TableDependents } from '../../../shared/contract/schemas.js';
import { blockingDependents, describeDependents } from '../../../shared/table-dependents.js';
import { quoteIdentifier } from '../db/column-types.js';
import { mentionedIdentifiers } from '../features/view-dependencies.js';

function catalogName(db: Database.Database, table: string): string {
  const row = db.prepare('SELECT name FROM triad_tables WHERE name = ?').get(table) as { name: string } | undefined;
  if (row) return row.name;
  const known = (db.prepare('SELECT name FROM triad_tables ORDER BY name').all() as { name: string }[]).map(
    (entry) => entry.name,
  );
  throw new TriadError(
    'not_found',
    `there is no table named ${table}${known.length > 0 ? ` (tables: ${known.join(', ')})` : ' (the project has no tables)'}`,
  );
}

export function tableDependents(db: Database.Database, table: string): TableDependents {
  const views = (
    db.prepare('SELECT name, definition FROM triad_feature_views ORDER BY name').all() as {
      name: string;
      definition: string;
    }[]
  ).map((row) => ({
    name: row.name,
    reads: mentionedIdentifiers((JSON.parse(row.definition) as { source: string }).source),
  }));
  const reached = new Set([table.toLowerCase()]);
  const featureViews: string[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const view of views) {
      if (reached.has(view.name.toLowerCase()) || ![...view.reads].some((name) => reached.has(name))) continue;
      reached.add(view.name.toLowerCase());
      featureViews.push(view.name);
      grew = true;
    }
  }
  const qualityChecks = (
    db.prepare('SELECT name, definition FROM triad_quality_checks ORDER BY name').all() as {
      name: string;
      definition: string;
    }[]
  )
    .filter((row) => reached.has((JSON.parse(row.definition) as QualityCheckDefinition).target.toLowerCase()))
    .map((row) => row.name);
  const trainingSets = (
    db
      .prepare(
        'SELECT DISTINCT table_name FROM triad_training_sets WHERE table_name = ? COLLATE NOCASE OR entity_table = ? COLLATE NOCASE ORDER BY table_name',
      )
      .all(table, table) as { table_name: string }[]
  ).map((row) => row.table_name);
  return { featureViews: featureViews.sort(), qualityChecks, trainingSets };
}

/**
 * Drops a data table with its catalog entries (columns, imports and their quarantine) in one
 * transaction. Feature views and quality checks belong to the definitions file, so they are never
 * removed here: a table they read is left as it is (`dropped: false`, naming them), unless `force`,
 * which drops it anyway and reports what is left naming it (until the definitions change or a
 * table of that name is imported again).
 */
export function dropTable(db: Database.Database, table: string, force: boolean): DropTableOutcome {
  return db.transaction((): DropTableOutcome => {
    const name = catalogName(db, table);
    const dependents = tableDependents(db, name);
    if (!force && describeDependents(blockingDependents(dependents)) !== '')
      return { table: name, dropped: false, dependents };
    db.exec(`DROP TABLE ${quoteIdentifier(name)}`);
    db.prepare('DELETE FROM triad_imports WHERE table_name = ? COLLATE NOCASE').run(name);
    db.prepare('DELETE FROM triad_tables WHERE name = ?').run(name);
    return { table: name, dropped: true, dependents };
  })();
}
