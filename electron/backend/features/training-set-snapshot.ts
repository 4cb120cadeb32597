import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { storeArtifact } from '../db/artifacts.js';
import { writeParquet } from '../parquet/parquet-file-writer.js';
import type { TrainingSet } from './historical-retrieval.js';
import { storeTrainingSet } from './training-set-table.js';

/** The training set as Parquet bytes: the same rows give the same bytes, so the hash names the content. */
export function trainingSetParquet(trainingSet: TrainingSet): Uint8Array {
  return writeParquet(trainingSet.columns, trainingSet.values, trainingSet.rowCount);
}

export interface SnapshotRecord {
  id: string;
  table: string;
  rows: number;
  contentHash: string;
  /** The snapshot in the project's content-addressed artifacts, relative to the project folder. */
  artifact: string;
}

/**
 * Stores the training set as a table, keeps it as a content-addressed Parquet artifact and
 * records its lineage. The artifact is written first (a process killed then leaves only a file
 * nothing refers to), then the table and its record in one transaction: the project holds the
 * old table and records or the new ones, never a table its record does not describe.
 */
export function saveTrainingSet(
  db: Database.Database,
  projectDir: string,
  trainingSet: TrainingSet,
  lineage: { table: string; service: string | null; entityTable: string },
  copyTo?: string,
): SnapshotRecord {
  const bytes = trainingSetParquet(trainingSet);
  const { contentHash, artifact } = storeArtifact(projectDir, 'training-sets', 'parquet', bytes);
  const record: SnapshotRecord = {
    id: randomUUID(),
    table: lineage.table,
    rows: trainingSet.rowCount,
    contentHash,
    artifact,
  };
  const views = [...new Set(trainingSet.columns.flatMap((column) => (column.view ? [column.view] : [])))];
  storeTrainingSet(db, lineage.table, trainingSet, () =>
    db
      .prepare(
        `INSERT INTO triad_training_sets (id, table_name, feature_service, entity_table, feature_views, row_count, content_hash, artifact, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.table,
        lineage.service,
        lineage.entityTable,
        JSON.stringify(views),
        record.rows,
        contentHash,
        record.artifact,
        new Date().toISOString(),
      ),
  );
  if (copyTo) writeFileSync(resolve(copyTo), bytes);
  return record;
}
