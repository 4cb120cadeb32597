import { stringify } from 'yaml';
import type { DomainHandlers } from '../contract/handler-registry.js';
import { applyDefinitions } from '../features/apply-definitions.js';
import { resolveView } from '../features/feature-registry.js';
import { watermark } from '../features/materialize.js';
import { DefinitionsError, parseDefinitions } from '../features/parse-definitions.js';
import { listTrainingSets } from '../features/training-set-records.js';
import type { JobManager } from '../jobs/job-manager.js';
import type { ProjectSession } from '../project/project-session.js';

const DEFINITION_TABLES = {
  entities: 'triad_entities',
  feature_views: 'triad_feature_views',
  feature_services: 'triad_feature_services',
  quality_checks: 'triad_quality_checks',
} as const;

export function featuresHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  const db = () => session.current.db;
  const definitions = <T>(table: string) =>
    (db().prepare(`SELECT definition FROM ${table} ORDER BY name`).all() as { definition: string }[]).map(
      (row) => JSON.parse(row.definition) as T,
    );

  return {
    'features.catalog': () => {
      const document = Object.fromEntries(
        Object.entries(DEFINITION_TABLES).map(([section, table]) => [
          section,
          definitions<Record<string, unknown>>(table),
        ]),
      );
      const entities = definitions<{ name: string; join_keys: string[]; description: string }>(
        DEFINITION_TABLES.entities,
      );
      const views = definitions<{
        name: string;
        entities: string[];
        ttl: string | number;
        online: boolean;
        owner: string;
        description: string;
        source: string;
        timestamp_field: string;
      }>(DEFINITION_TABLES.feature_views);
      return {
        entities: entities.map((entity) => ({
          name: entity.name,
          joinKeys: entity.join_keys,
          description: entity.description,
        })),
        featureViews: views.map((view) => {
          const resolved = resolveView(db(), view.name);
          return {
            name: view.name,
            entities: view.entities,
            joinKeys: resolved.joinKeys,
            features: resolved.features,
            timestampField: view.timestamp_field,
            ttl: view.ttl,
            online: view.online,
            owner: view.owner,
            description: view.description,
            source: view.source,
            materializedUntil: watermark(db(), view.name),
          };
        }),
        services: definitions<{ name: string; features: string[]; description: string }>(
          DEFINITION_TABLES.feature_services,
        ),
        definitionsYaml: Object.values(document).some((items) => items.length > 0)
          ? stringify(document, { lineWidth: 100 })
          : '',
      };
    },
    'features.apply': ({ yaml, dryRun, confirmedDeletions }) => {
      try {
        const parsed = parseDefinitions(yaml, 'definitions');
        const changes = applyDefinitions(db(), parsed, 'definitions', dryRun, confirmedDeletions ?? []);
        return { applied: !dryRun, changes, problems: [] };
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
    'features.materializations': () =>
      (
        db()
          .prepare(
            "SELECT feature_view, start_ms, end_ms, rows_written, rows_skipped, finished_at FROM triad_materializations WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 100",
          )
          .all() as {
          feature_view: string;
          start_ms: number | null;
          end_ms: number;
          rows_written: number;
          rows_skipped: number;
          finished_at: string;
        }[]
      ).map((row) => ({
        view: row.feature_view,
        startMs: row.start_ms,
        endMs: row.end_ms,
        rowsWritten: row.rows_written,
        rowsSkipped: row.rows_skipped,
        finishedAt: row.finished_at,
      })),
    'features.buildTrainingSet': ({ entityTable, service, timestampColumn, table }) => ({
      jobId: jobs.start(session.current, 'training-set', {
        entityTable,
        service,
        timestampColumn: timestampColumn ?? null,
        table: table ?? `training_${service}`,
      }).id,
    }),
    'features.trainingSets': () => listTrainingSets(db()),
  };
}
