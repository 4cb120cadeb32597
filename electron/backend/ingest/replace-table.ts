import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { quoteIdentifier } from '../db/column-types.js';
import { RETIRED_PREFIX, stagingName } from '../db/staging-tables.js';
import { type CatalogColumn, recordTable } from '../db/table-catalog.js';
import { dropFeatureViews, rebuildFeatureViews } from '../features/apply-definitions.js';
import { DefinitionsError } from '../features/parse-definitions.js';

/**
 * Puts the staging table in place of `table`, inside the caller's transaction: the feature views
 * are dropped (SQLite refuses to rename a table over one that views read), the old table renamed
 * out of the way (dropping it would take as long as it is large: the caller drops it after
 * committing), the staging table renamed in and catalogued (null columns: they stay as they were),
 * and every view rebuilt from its stored definition and checked against the new columns. A view
 * the new table breaks fails the swap, naming the view and what it misses. Returns the old table's new name.
 */
export function replaceTable(
  db: Database.Database,
  table: string,
  staging: string,
  columns: readonly CatalogColumn[] | null,
  now: string,
  rows?: number,
): string {
  dropFeatureViews(db);
  const retired = stagingName(RETIRED_PREFIX);
  db.exec(`ALTER TABLE ${quoteIdentifier(table)} RENAME TO ${quoteIdentifier(retired)}`);
  db.exec(`ALTER TABLE ${quoteIdentifier(staging)} RENAME TO ${quoteIdentifier(table)}`);
  recordTable(db, table, columns, now, null, rows);
  try {
    rebuildFeatureViews(db, 'the feature definitions');
  } catch (error) {
    if (!(error instanceof DefinitionsError)) throw error;
    throw new TriadError(
      'invalid_input',
      `replacing ${table} with these columns would break the feature definitions, so nothing was imported: ${error.problems.map((problem) => problem.message).join('; ')}. Change the definitions (triad apply) or import the columns they read.`,
    );
  }
  return retired;
}

/** Unwinds a trial swap while keeping what it found. */
class TrialSwapFinished extends Error {}

/**
 * Checks, before any row is imported, that putting the (still empty) staging table in place of
 * `table` keeps every feature view valid; the trial is undone either way.
 */
export function assertReplaceKeepsViews(
  db: Database.Database,
  table: string,
  staging: string,
  columns: readonly CatalogColumn[],
): void {
  const trial = db.transaction(() => {
    replaceTable(db, table, staging, columns, new Date().toISOString());
    throw new TrialSwapFinished();
  });
  try {
    trial();
  } catch (error) {
    if (!(error instanceof TrialSwapFinished)) throw error;
  }
}
