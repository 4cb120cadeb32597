import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { RETIRED_PREFIX, stagingName } from '../db/staging-tables.js';
import { type CatalogColumn, recordTable } from '../db/table-catalog.js';
import type { TableDependents } from './table-dependents.js';

/**
 * Puts the staging table in place of `table`, inside the caller's transaction: what reads the
 * table is detached (SQLite would point views at the renamed-away table), the old table renamed
 * out of the way (dropping it would take as long as it is large: the caller drops it after
 * committing), the staging table renamed in and catalogued (null columns: they stay as they were),
 * and the dependents reattached, which may refuse the new columns. Returns the old table's new name.
 * `madeBySql`: the query the new table was made from, for lineage (null for imported rows).
 */
export function replaceTable(
  db: Database.Database,
  swap: { table: string; staging: string; dependents: TableDependents },
  columns: readonly CatalogColumn[] | null,
  now: string,
  rows?: number,
  madeBySql: string | null = null,
): string {
  const { table, staging, dependents } = swap;
  dependents.detach(db);
  const retired = stagingName(RETIRED_PREFIX);
  db.exec(`ALTER TABLE ${quoteIdentifier(table)} RENAME TO ${quoteIdentifier(retired)}`);
  db.exec(`ALTER TABLE ${quoteIdentifier(staging)} RENAME TO ${quoteIdentifier(table)}`);
  recordTable(db, table, columns, now, madeBySql, rows);
  dependents.reattach(db, table);
  return retired;
}

/** Unwinds a trial swap while keeping what it found. */
class TrialSwapFinished extends Error {}

/**
 * Checks, before any row is imported, that putting the (still empty) staging table in place of
 * `table` keeps its dependents valid; the trial is undone either way.
 */
export function assertReplaceKeepsDependents(
  db: Database.Database,
  swap: { table: string; staging: string; dependents: TableDependents },
  columns: readonly CatalogColumn[],
): void {
  const trial = db.transaction(() => {
    replaceTable(db, swap, columns, new Date().toISOString());
    throw new TrialSwapFinished();
  });
  try {
    trial();
  } catch (error) {
    if (!(error instanceof TrialSwapFinished)) throw error;
  }
}
