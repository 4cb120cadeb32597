import type { DropTableOutcome, TableDependents } from './contract/schemas.js';

/** What names a table, in words: `feature views a, b; quality checks c`. */
export function describeDependents(dependents: TableDependents): string {
  return [
    dependents.featureViews.length > 0 ? `feature views ${dependents.featureViews.join(', ')}` : '',
    dependents.qualityChecks.length > 0 ? `quality checks ${dependents.qualityChecks.join(', ')}` : '',
    dependents.trainingSets.length > 0 ? `training sets ${dependents.trainingSets.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The definitions that stop a table from being dropped without `force`: training sets are only history. */
export function blockingDependents(dependents: TableDependents): TableDependents {
  return { ...dependents, trainingSets: [] };
}

/** Why a table was not dropped, in words that hold in the CLI and the app alike. */
export function refusalReason(outcome: DropTableOutcome): string {
  return `${outcome.table} is read by ${describeDependents(blockingDependents(outcome.dependents))}, so it was not dropped`;
}
