import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { storeParquetArtifact } from '../parquet/parquet-artifact.js';
import type { TrainingSet } from './historical-retrieval.js';
import { stageTrainingSetRows, storeTrainingSet } from './training-set-table.js';

export interface SnapshotRecord {
  id: string;
  table: string;
  rows: number;
  contentHash: string;
  /** The snapshot in the project's content-addressed artifacts, relative to the project folder. */
  artifact: string;
}

/**
 * Stores the training set as a table, keeps it as a content-addressed Parquet artifact (the same
 * rows give the same bytes, so the hash names the content) and records its lineage. The artifact
 * is written first, on a thread of its own while this one writes the rows ready to be copied into
 * the table (a process killed then leaves only a file nothing refers to); then the table and its
 * record go in one transaction: the project holds the old table and records or the new ones,
 * never a table its record does not describe.
 */
export async function saveTrainingSet(
  db: Database.Database,
  projectDir: string,
  trainingSet: TrainingSet,
  lineage: { table: string; service: string | null; entityTable: string },
  copyTo?: string,
): Promise<SnapshotRecord> {
  const snapshot = storeParquetArtifact({
    projectDir,
    kind: 'training-sets',
    columns: trainingSet.columns.map(({ name, type }) => ({ name, type })),
    values: trainingSet.values,
    rows: trainingSet.rowCount,
  });
  // Awaited below; until then a failure here must not count as unhandled.
  snapshot.catch(() => {});
  const staged = stageTrainingSetRows(trainingSet);
  try {
    const { contentHash, artifact } = await snapshot;
    const record: SnapshotRecord = {
      id: randomUUID(),
      table: lineage.table,
      rows: trainingSet.rowCount,
      contentHash,
      artifact,
    };
    const views = [...new Set(trainingSet.columns.flatMap((column) => (column.view ? [column.view] : [])))];
    storeTrainingSet(
      db,
      lineage.table,
      trainingSet,
      () =>
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
      staged,
    );
    if (copyTo) copyFileSync(join(projectDir, artifact), resolve(copyTo));
    return record;
  } finally {
    staged.discard();
  }
}
