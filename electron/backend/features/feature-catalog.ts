import type Database from 'better-sqlite3';
import { stringify } from 'yaml';
import type { FeatureCatalog } from '../../../shared/contract/schemas.js';
import { resolveView } from './feature-registry.js';
import { watermark } from './materialize.js';

const DEFINITION_TABLES = {
  entities: 'triad_entities',
  feature_views: 'triad_feature_views',
  feature_services: 'triad_feature_services',
  quality_checks: 'triad_quality_checks',
} as const;

function definitions<T>(db: Database.Database, table: string): T[] {
  return (db.prepare(`SELECT definition FROM ${table} ORDER BY name`).all() as { definition: string }[]).map(
    (row) => JSON.parse(row.definition) as T,
  );
}

/** Entities, feature views (with their keys, features and watermark) and services, and the definitions as YAML. */
export function featureCatalog(db: Database.Database): FeatureCatalog {
  const document = Object.fromEntries(
    Object.entries(DEFINITION_TABLES).map(([section, table]) => [
      section,
      definitions<Record<string, unknown>>(db, table),
    ]),
  );
  const entities = definitions<{ name: string; join_keys: string[]; description: string }>(
    db,
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
  }>(db, DEFINITION_TABLES.feature_views);
  return {
    entities: entities.map((entity) => ({
      name: entity.name,
      joinKeys: entity.join_keys,
      description: entity.description,
    })),
    featureViews: views.map((view) => {
      const resolved = resolveView(db, view.name);
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
        materializedUntil: watermark(db, view.name),
      };
    }),
    services: definitions<{ name: string; features: string[]; description: string }>(
      db,
      DEFINITION_TABLES.feature_services,
    ),
    definitionsYaml: Object.values(document).some((items) => items.length > 0)
      ? stringify(document, { lineWidth: 100 })
      : '',
  };
}
