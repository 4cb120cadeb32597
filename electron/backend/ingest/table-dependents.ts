import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';

/**
 * What reads a table that an import replaces (SQLite views over it): set aside before the old
 * table is renamed away, and rebuilt over the new one, inside the swap's transaction. `reattach`
 * throws to refuse a new table that breaks them.
 */
export interface TableDependents {
  detach(db: Database.Database): void;
  reattach(db: Database.Database, table: string): void;
}

/**
 * For a project with no views: renaming a table that views read would leave them reading the
 * renamed-away one, so an import that meets a view refuses instead of breaking it silently.
 */
export const NO_DEPENDENTS: TableDependents = {
  detach(db) {
    const view = db.prepare("SELECT name FROM sqlite_master WHERE type = 'view' LIMIT 1").pluck().get();
    if (view !== undefined)
      throw new TriadError(
        'internal',
        `view ${String(view)} may read the table being replaced: import through the import use case, which rebuilds the feature views`,
      );
  },
  reattach() {},
};
