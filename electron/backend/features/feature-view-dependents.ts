import { TriadError } from '../../../shared/contract/errors.js';
import type { TableDependents } from '../ingest/table-dependents.js';
import { dropFeatureViews, rebuildFeatureViews } from './apply-definitions.js';
import { DefinitionsError } from './parse-definitions.js';

/**
 * The feature views as dependents of a replaced table: dropped before the swap, rebuilt from
 * their stored definitions after it and checked against the new columns. A view the new table
 * breaks refuses the swap, naming the view and what it misses.
 */
export const featureViewDependents: TableDependents = {
  detach(db) {
    dropFeatureViews(db);
  },
  reattach(db, table) {
    try {
      rebuildFeatureViews(db, 'the feature definitions');
    } catch (error) {
      if (!(error instanceof DefinitionsError)) throw error;
      throw new TriadError(
        'invalid_input',
        `replacing ${table} with these columns would break the feature definitions, so nothing was imported: ${error.problems.map((problem) => problem.message).join('; ')}. Change the definitions (triad apply) or import the columns they read.`,
      );
    }
  },
};
