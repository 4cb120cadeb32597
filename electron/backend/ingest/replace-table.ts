import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { quoteIdentifier } from '../db/column-types.js';
import { type CatalogColumn, recordTable } from '../db/table-catalog.js';
import { dropFeatureViews, rebuildFeatureViews } from '../features/apply-definitions.js';
import { DefinitionsError } from '../features/parse-definitions.js';

/**
 * Puts the staging table in place of `table`, inside the caller's transaction: the feature views
 * are dropped (SQLite refuses to rename a table over one that views read), the table swapped and
 * catalogued, and every view rebuilt from its stored definition and checked against the new
 * columns. A view the new table breaks fails the swap, naming the view and what it misses.
 */
export function replaceTable(
  db: Database.Database,
  table: string,
  staging: string,
  columns: readonly CatalogColumn[],
  now: string,
): void {
  dropFeatureViews(db);
  db.exec(`DROP TABLE ${quoteIdentifier(table)}`);
  db.exec(`ALTER TABLE ${quoteIdentifier(staging)} RENAME TO ${quoteIdentifier(table)}`);
  recordTable(db, table, columns, now);
  try {
    rebuildFeatureViews(db, 'the feature definitions');
  } catch (error) {
    if (!(error instanceof DefinitionsError)) throw error;
    throw new TriadError(
      'invalid_input',
      `replacing ${table} with these columns would break the feature definitions, so nothing was imported: ${error.problems.map((problem) => problem.message).join('; ')}. Change the definitions (triad apply) or import the columns they read.`,
    );
  }
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
