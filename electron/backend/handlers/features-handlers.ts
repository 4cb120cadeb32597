import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import { featureCatalog } from '../features/feature-catalog.js';
import { materializationHistory } from '../features/materialize.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import { listTrainingSets } from '../features/training-set-records.js';
import type { JobManager } from '../jobs/job-manager.js';
import { applyDefinitionsText } from '../use-cases/apply-definitions-text.js';
import { readOnlineFeatures } from '../use-cases/read-online-features.js';

export function featuresHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'features.catalog': () => featureCatalog(session.current.db),
    'features.apply': ({ yaml, dryRun, confirmedDeletions }) => {
      try {
        const outcome = applyDefinitionsText(session.current.db, {
          yaml,
          source: 'definitions',
          dryRun,
          confirmedDeletions: confirmedDeletions ?? [],
        });
        return { ...outcome, problems: [] };
      } catch (error) {
        if (error instanceof DefinitionsError) return { applied: false, changes: [], problems: error.problems };
        throw error;
      }
    },
    'features.skeleton': () => ({ jobId: jobs.start(session.current, 'definitions-draft', {}).id }),
    'features.materialize': ({ views, startMs, endMs }) => ({
      jobId: jobs.start(session.current, 'materialize', {
        views: views ?? null,
        startMs: startMs ?? null,
        endMs: endMs ?? Date.now(),
      }).id,
    }),
    'features.materializations': () => materializationHistory(session.current.db),
    'features.buildTrainingSet': ({ entityTable, service, timestampColumn, table }) => ({
      jobId: jobs.start(session.current, 'training-set', {
        entityTable,
        service,
        timestampColumn: timestampColumn ?? null,
        table: table ?? `training_${service}`,
      }).id,
    }),
    'features.trainingSets': () => listTrainingSets(session.current.db),
    'features.online': ({ service, entity, atMs }) =>
      readOnlineFeatures(session.current.db, { service, entity, atMs: atMs ?? Date.now() }),
  };
}
