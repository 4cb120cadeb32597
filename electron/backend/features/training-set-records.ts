import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { FeatureViewVersion } from '../../../shared/contract/pipeline-runs.js';
import type { TrainingSetRecord } from '../../../shared/contract/schemas.js';

interface TrainingSetRow {
  id: string;
  table_name: string;
  feature_service: string | null;
  entity_table: string;
  feature_views: string;
  row_count: number;
  content_hash: string;
  artifact: string;
  created_at: string;
}

function toRecord(row: TrainingSetRow): TrainingSetRecord {
  return {
    id: row.id,
    table: row.table_name,
    service: row.feature_service,
    entityTable: row.entity_table,
    featureViews: JSON.parse(row.feature_views) as string[],
    rows: row.row_count,
    contentHash: row.content_hash,
    artifact: row.artifact,
    createdAt: row.created_at,
  };
}

/** Training-set snapshots, newest first. */
export function listTrainingSets(db: Database.Database, limit = 100): TrainingSetRecord[] {
  return (
    db.prepare('SELECT * FROM triad_training_sets ORDER BY created_at DESC LIMIT ?').all(limit) as TrainingSetRow[]
  ).map(toRecord);
}

export function trainingSetById(db: Database.Database, id: string): TrainingSetRecord {
  const record = findTrainingSet(db, id);
  if (!record) throw new TriadError('not_found', `there is no training set ${id} in this project`);
  return record;
}

/** The training set saved with this id, or null: a model brought from another project names that project's. */
export function findTrainingSet(db: Database.Database, id: string): TrainingSetRecord | null {
  const row = db.prepare('SELECT * FROM triad_training_sets WHERE id = ?').get(id) as TrainingSetRow | undefined;
  return row ? toRecord(row) : null;
}

/** The newest training set saved as this table, if the table is one. */
export function trainingSetOfTable(db: Database.Database, table: string): TrainingSetRecord | null {
  const row = db
    .prepare('SELECT * FROM triad_training_sets WHERE table_name = ? ORDER BY created_at DESC LIMIT 1')
    .get(table) as TrainingSetRow | undefined;
  return row ? toRecord(row) : null;
}

/** The named feature views as the store keeps them now: the SHA-256 of each stored definition and when it last changed. */
export function featureViewVersions(db: Database.Database, names: readonly string[]): FeatureViewVersion[] {
  const read = db.prepare('SELECT definition, updated_at FROM triad_feature_views WHERE name = ?');
  return names.flatMap((name) => {
    const row = read.get(name) as { definition: string; updated_at: string } | undefined;
    if (!row) return [];
    return [
      { name, definitionHash: createHash('sha256').update(row.definition).digest('hex'), updatedAt: row.updated_at },
    ];
  });
}
