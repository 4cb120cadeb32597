import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type {
  EntityDefinition,
  FeatureServiceDefinition,
  FeatureViewDefinition,
} from '../../../shared/contract/feature-definitions.js';
import { quoteIdentifier } from '../db/column-types.js';
import { durationSeconds } from '../db/duration.js';
import { viewFeatures } from './apply-definitions.js';

/** A feature view as retrieval needs it: where its rows are, and which of its columns are what. */
export interface ResolvedView {
  name: string;
  joinKeys: string[];
  timestampField: string;
  createdField: string | null;
  ttlMs: number;
  /** The features of this view a service asks for. */
  features: string[];
}

function definition<T>(db: Database.Database, table: string, name: string, what: string): T {
  const row = db.prepare(`SELECT definition FROM ${table} WHERE name = ?`).get(name) as
    | { definition: string }
    | undefined;
  if (!row) {
    const known = (db.prepare(`SELECT name FROM ${table} ORDER BY name`).all() as { name: string }[]).map(
      (entry) => entry.name,
    );
    throw new TriadError(
      'not_found',
      `there is no ${what} named ${name}${known.length > 0 ? ` (defined: ${known.join(', ')})` : ` (none is defined yet: see triad apply)`}`,
    );
  }
  return JSON.parse(row.definition) as T;
}

function viewColumns(db: Database.Database, view: string): string[] {
  return db
    .prepare(`SELECT * FROM ${quoteIdentifier(view)} LIMIT 0`)
    .columns()
    .map((column) => column.name);
}

export function resolveView(db: Database.Database, name: string, wanted?: readonly string[]): ResolvedView {
  const view = definition<FeatureViewDefinition>(db, 'triad_feature_views', name, 'feature view');
  const joinKeys = view.entities.flatMap(
    (entity) => definition<EntityDefinition>(db, 'triad_entities', entity, 'entity').join_keys,
  );
  const features = viewFeatures(view, joinKeys, viewColumns(db, name));
  for (const feature of wanted ?? []) {
    if (!features.includes(feature))
      throw new TriadError('not_found', `feature view ${name} has no feature ${feature}`);
  }
  return {
    name,
    joinKeys,
    timestampField: view.timestamp_field,
    createdField: view.created_timestamp_column ?? null,
    ttlMs: durationSeconds(view.ttl) * 1000,
    features: wanted && wanted.length > 0 ? [...wanted] : features,
  };
}

/** The views and features a feature service serves, in the order it lists them. */
export function resolveService(db: Database.Database, name: string): ResolvedView[] {
  const service = definition<FeatureServiceDefinition>(db, 'triad_feature_services', name, 'feature service');
  const byView = new Map<string, string[]>();
  for (const reference of service.features) {
    const [view, feature] = reference.split(':') as [string, string | undefined];
    const features = byView.get(view) ?? [];
    if (feature) features.push(feature);
    byView.set(view, features);
  }
  return [...byView].map(([view, features]) => resolveView(db, view, features));
}
