import { connectDatabase } from '../db/project-folder.js';
import { type IngestHooks, type IngestRequest, type IngestResult, ingestFile } from '../ingest/ingest.js';

// The feature-definition code (its YAML and schema libraries) loads only for a table being replaced.
const loadFeatureViewDependents = async () =>
  (await import('../features/feature-view-dependents.js')).featureViewDependents;

/**
 * Imports a file into a table of the project whose database is `dbFile`, keeping the feature
 * views that read a replaced table (see ingestFile for the staging and the short swap). The one
 * way every caller imports: the import job, `triad ingest` through it, and the sample project.
 */
export function importFile(
  dbFile: string,
  request: IngestRequest,
  hooks: Omit<IngestHooks, 'dependents'> = {},
): Promise<IngestResult> {
  return ingestFile(dbFile, request, { ...hooks, dependents: loadFeatureViewDependents }, connectDatabase);
}
