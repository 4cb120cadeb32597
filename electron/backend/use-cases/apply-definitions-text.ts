import type Database from 'better-sqlite3';
import type { DefinitionChange } from '../../../shared/contract/schemas.js';
import { applyDefinitions, type ConfirmedDeletions } from '../features/apply-definitions.js';
import { parseDefinitions } from '../features/parse-definitions.js';

export interface ApplyRequest {
  yaml: string;
  /** What problems and the stored definitions name the text by (a file name). */
  source: string;
  dryRun: boolean;
  confirmedDeletions: ConfirmedDeletions;
}

/**
 * Validates feature definitions written as YAML and, unless a dry run, applies them; throws
 * DefinitionsError with every problem and its line, or UnconfirmedDeletionsError when the text
 * leaves out objects that were not confirmed for deletion. The app, `triad apply` and the sample
 * project all apply definitions this way.
 */
export function applyDefinitionsText(
  db: Database.Database,
  request: ApplyRequest,
): { applied: boolean; changes: DefinitionChange[] } {
  const parsed = parseDefinitions(request.yaml, request.source);
  const changes = applyDefinitions(db, parsed, request.source, request.dryRun, request.confirmedDeletions);
  return { applied: !request.dryRun, changes };
}
