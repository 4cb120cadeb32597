import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { MaterializeProgress, TableStats, TrainingSetRecord } from '../../../shared/contract/schemas.js';
import { connectDatabase, DATABASE_FILE } from '../db/project-folder.js';
import { definitionsSkeleton } from '../features/definitions-skeleton.js';
import { resolveService } from '../features/feature-registry.js';
import { buildTrainingSet } from '../features/historical-retrieval.js';
import { materialize, onlineViews } from '../features/materialize.js';
import { skeletonTables } from '../features/skeleton-tables.js';
import { trainingSetWarnings } from '../features/skipped-rows.js';
import { saveTrainingSet } from '../features/training-set-snapshot.js';
import { tableStats } from '../stats/column-stats.js';

/** Work that can take seconds on large tables: run on its own connection, off the backend's event loop. */
export interface HeavyTasks {
  buildTrainingSet: {
    input: { entityTable: string; service: string; timestampColumn: string | null; table: string };
    output: Omit<TrainingSetRecord, 'createdAt'> & { warnings: string[] };
    progress: never;
  };
  materialize: {
    input: { views: string[] | null; startMs: number | null; endMs: number };
    output: { view: string; startMs: number | null; endMs: number; rowsWritten: number; rowsSkipped: number }[];
    progress: MaterializeProgress;
  };
  tableStats: { input: { source: string }; output: TableStats; progress: never };
  /** Checking which id columns are unique counts distinct values over whole tables. */
  definitionsSkeleton: { input: Record<string, never>; output: { yaml: string }; progress: never };
}

export type HeavyTaskName = keyof HeavyTasks;

export async function runHeavyTask<T extends HeavyTaskName>(
  projectDir: string,
  task: T,
  input: HeavyTasks[T]['input'],
  onProgress: (progress: HeavyTasks[T]['progress']) => void,
): Promise<HeavyTasks[T]['output']> {
  const db = connectDatabase(join(projectDir, DATABASE_FILE));
  try {
    switch (task) {
      case 'buildTrainingSet': {
        const { entityTable, service, timestampColumn, table } = input as HeavyTasks['buildTrainingSet']['input'];
        const trainingSet = await buildTrainingSet(db, entityTable, timestampColumn, resolveService(db, service), {
          readers: availableParallelism(),
        });
        const snapshot = saveTrainingSet(db, projectDir, trainingSet, { table, service, entityTable });
        const featureViews = [...new Set(trainingSet.columns.flatMap((column) => (column.view ? [column.view] : [])))];
        return {
          id: snapshot.id,
          table,
          service,
          entityTable,
          featureViews,
          rows: snapshot.rows,
          contentHash: snapshot.contentHash,
          artifact: snapshot.artifact,
          warnings: trainingSetWarnings(trainingSet.skipped),
        } as HeavyTasks[T]['output'];
      }
      case 'materialize': {
        const { views, startMs, endMs } = input as HeavyTasks['materialize']['input'];
        return materialize(
          db,
          views ?? onlineViews(db),
          () => (startMs === null ? { incremental: true, endMs } : { startMs, endMs }),
          onProgress as (progress: MaterializeProgress) => void,
        ).map(({ view, startMs: start, endMs: end, rowsWritten, rowsSkipped }) => ({
          view,
          startMs: start,
          endMs: end,
          rowsWritten,
          rowsSkipped,
        })) as HeavyTasks[T]['output'];
      }
      case 'tableStats':
        return tableStats(db, (input as HeavyTasks['tableStats']['input']).source) as HeavyTasks[T]['output'];
      case 'definitionsSkeleton':
        return { yaml: definitionsSkeleton(skeletonTables(db)) } as HeavyTasks[T]['output'];
    }
    throw new Error(`unknown task ${String(task)}`);
  } finally {
    db.close();
  }
}
