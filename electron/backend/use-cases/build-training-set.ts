import { availableParallelism } from 'node:os';
import type Database from 'better-sqlite3';
import type { JobResult } from '../../../shared/contract/jobs.js';
import { catalogRowCount } from '../db/table-catalog.js';
import { resolveService } from '../features/feature-registry.js';
import { buildTrainingSet, type TrainingSet } from '../features/historical-retrieval.js';
import { trainingSetWarnings } from '../features/skipped-rows.js';
import { trainingSetById } from '../features/training-set-records.js';
import { saveTrainingSet } from '../features/training-set-snapshot.js';
import { valueAt } from '../ingest/value-columns.js';
import { prepareParquetWriter } from '../parquet/parquet-artifact.js';

export interface TrainingSetRequest {
  entityTable: string;
  service: string;
  timestampColumn: string | null;
  table: string;
  /** Also write the snapshot to this Parquet file. */
  out?: string;
}

/** Where a build is: joining the features of one view after another, then saving. */
export interface TrainingSetProgress {
  stage: string;
  /** Feature views joined so far. */
  done: number;
  total: number;
}

/**
 * Builds a point-in-time-correct training set, saves it as a table with its snapshot and lineage,
 * and returns its record with how many rows got each feature and which rows took no part in the
 * join. The same function serves the job, the CLI and the sample project.
 */
export async function buildTrainingSetWithSnapshot(
  db: Database.Database,
  projectDir: string,
  request: TrainingSetRequest,
  onProgress: (progress: TrainingSetProgress) => void = () => {},
): Promise<JobResult<'training-set'>> {
  const views = resolveService(db, request.service);
  // The snapshot's writer starts while the features are joined (it is used once they are).
  const features = views.reduce((count, view) => count + view.features.length, 0);
  prepareParquetWriter(catalogRowCount(db, request.entityTable) * (features + 1));
  const trainingSet = await buildTrainingSet(db, request.entityTable, request.timestampColumn, views, {
    readers: availableParallelism(),
    onView: (done, total, view) =>
      onProgress({
        stage: view === null ? 'saving the table and its Parquet snapshot' : `joining the features of ${view}`,
        done,
        total,
      }),
  });
  const snapshot = await saveTrainingSet(
    db,
    projectDir,
    trainingSet,
    { table: request.table, service: request.service, entityTable: request.entityTable },
    request.out,
  );
  return {
    ...trainingSetById(db, snapshot.id),
    warnings: trainingSetWarnings(trainingSet.skipped),
    features: featureCoverage(trainingSet),
    skipped: trainingSet.skipped,
  };
}

/** How many entity rows got a value of each joined feature. */
function featureCoverage(trainingSet: TrainingSet): JobResult<'training-set'>['features'] {
  return trainingSet.columns.flatMap((column, index) => {
    if (column.view === null) return [];
    const values = trainingSet.values[index] ?? [];
    let present = 0;
    for (let row = 0; row < trainingSet.rowCount; row++) if (valueAt(values, row) !== null) present += 1;
    return [{ feature: column.name, view: column.view, present }];
  });
}
