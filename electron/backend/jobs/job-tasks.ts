import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { JobKind, JobLogEntry, JobOrigin, JobProgress, JobResult } from '../../../shared/contract/jobs.js';
import type { MaterializeProgress } from '../../../shared/contract/schemas.js';
import { formatCount } from '../../../shared/format.js';
import { type Algorithm, stoppedBeforeConverging } from '../../../shared/model-algorithms.js';
import { Project } from '../db/project.js';
import { connectDatabase, DATABASE_FILE } from '../db/project-folder.js';
import { definitionsSkeleton } from '../features/definitions-skeleton.js';
import { skeletonTables } from '../features/skeleton-tables.js';
import type { IngestProgress } from '../ingest/ingest.js';
import { runQualityChecks } from '../quality/quality-checks.js';
import { tableStats } from '../stats/column-stats.js';
import type { JobParams } from './job-kinds.js';

export interface TaskContext {
  signal: AbortSignal;
  progress(progress: JobProgress): void;
  log(level: JobLogEntry['level'], message: string): void;
}

export interface TaskInput<K extends JobKind> {
  projectDir: string;
  jobId: string;
  origin: JobOrigin;
  params: JobParams[K];
}

async function withDatabase<T>(projectDir: string, work: (db: Database.Database) => T | Promise<T>): Promise<T> {
  const db = connectDatabase(join(projectDir, DATABASE_FILE));
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

// Each kind's work is loaded when a job of that kind first runs: a worker that only imports does
// not spend half a second loading the trainers, the model runtime and the bundle code.
const bundleImport = () => import('../bundles/bundle-import.js');
const bundleTrust = () => import('../bundles/bundle-trust.js');
const bundleExport = () => import('../bundles/export-bundle-file.js');
const trainingSets = () => import('../use-cases/build-training-set.js');
const drift = () => import('../use-cases/compare-drift.js');
const imports = () => import('../use-cases/import-file.js');
const modelImports = () => import('../use-cases/import-model.js');
const materializing = () => import('../use-cases/materialize-views.js');
const predicting = () => import('../use-cases/predict-table.js');
const pipelineSteps = () => import('../use-cases/run-pipeline-step.js');
const training = () => import('../use-cases/train-model.js');

const TASK_MODULES: Partial<Record<JobKind, () => Promise<unknown>>> = {
  import: imports,
  materialize: materializing,
  'training-set': trainingSets,
  train: training,
  'model-import': modelImports,
  predict: predicting,
  'pipeline-step': pipelineSteps,
  'bundle-export': bundleExport,
  'bundle-import': () => Promise.all([bundleImport(), bundleTrust()]),
  'drift-check': drift,
};

/** Loads the code a task of `kind` runs, ahead of the task. */
export async function prepareTask(kind: JobKind): Promise<void> {
  await TASK_MODULES[kind]?.();
}

export type JobTask<K extends JobKind> = (input: TaskInput<K>, context: TaskContext) => Promise<JobResult<K>>;

type MeteredProgress = Omit<JobProgress, 'ratePerSecond' | 'etaSeconds'>;

/**
 * Progress with its rate and ETA, measured from when the stage began; `stageOf` says which
 * reports belong to one stage (by default, those of one stage name).
 */
function stageMeter(context: TaskContext, stageOf: (progress: MeteredProgress) => string = (next) => next.stage) {
  let stage = '';
  let since = Date.now();
  return (next: MeteredProgress) => {
    if (stageOf(next) !== stage) {
      stage = stageOf(next);
      since = Date.now();
    }
    const seconds = (Date.now() - since) / 1000;
    const rate = seconds > 0.2 && next.done > 0 ? next.done / seconds : null;
    const eta = rate && next.total !== null ? Math.max(0, (next.total - next.done) / rate) : null;
    context.progress({ ...next, ratePerSecond: rate, etaSeconds: eta });
  };
}

function importProgress(progress: IngestProgress): JobProgress {
  const seconds = progress.elapsedMs / 1000;
  return {
    stage: 'importing',
    done: progress.bytesRead,
    total: progress.totalBytes,
    unit: 'bytes',
    ratePerSecond: seconds > 0 ? progress.bytesRead / seconds : null,
    etaSeconds: progress.etaSeconds,
    counts: {
      rowsRead: progress.rowsRead,
      rowsImported: progress.rowsImported,
      rowsQuarantined: progress.rowsQuarantined,
    },
  };
}

const importTask: JobTask<'import'> = async ({ projectDir, jobId, params }, context) => {
  const { importFile } = await imports();
  const result = await importFile(
    join(projectDir, DATABASE_FILE),
    { ...params, stagingOwner: jobId },
    { signal: context.signal, onProgress: (progress) => context.progress(importProgress(progress)) },
  );
  context.log(
    'info',
    `${formatCount(result.rowsImported, 'row')} imported, ${formatCount(result.rowsQuarantined, 'row')} quarantined`,
  );
  return result;
};

const MATERIALIZE_STAGES: Record<MaterializeProgress['stage'], (view: string) => string> = {
  checking: (view) => `running the quality checks of ${view}`,
  selecting: (view) => `selecting the latest row per entity of ${view}`,
  writing: (view) => `writing ${view} to the online store`,
};

const materializeTask: JobTask<'materialize'> = async ({ projectDir, jobId, params }, context) => {
  const { materializeViews } = await materializing();
  const meter = stageMeter(context);
  return withDatabase(projectDir, (db) =>
    materializeViews(
      db,
      params,
      (progress) =>
        meter({
          stage: MATERIALIZE_STAGES[progress.stage](progress.view),
          done: progress.entitiesWritten,
          total: progress.entitiesToWrite,
          unit: 'entities',
          counts: { view: progress.viewIndex + 1, views: progress.viewCount },
        }),
      jobId,
    ),
  );
};

const trainingSetTask: JobTask<'training-set'> = async ({ projectDir, params }, context) => {
  // One rate across the views: each names its own stage, but all count joined views.
  const meter = stageMeter(context, (next) => next.unit);
  const { buildTrainingSetWithSnapshot } = await trainingSets();
  const record = await withDatabase(projectDir, (db) =>
    buildTrainingSetWithSnapshot(db, projectDir, params, (progress) =>
      meter({ ...progress, unit: 'feature views', counts: {} }),
    ),
  );
  for (const warning of record.warnings) context.log('warning', warning);
  return record;
};

const tableStatsTask: JobTask<'table-stats'> = async ({ projectDir, params }) =>
  withDatabase(projectDir, (db) => tableStats(db, params.source));

const qualityRunTask: JobTask<'quality-run'> = async ({ projectDir, origin, params }) =>
  withDatabase(projectDir, (db) =>
    runQualityChecks(db, params.target, origin === 'cli' ? 'triad check' : 'run from the app'),
  );

/** Checking which id columns are unique counts distinct values over whole tables. */
const definitionsDraftTask: JobTask<'definitions-draft'> = async ({ projectDir }) =>
  withDatabase(projectDir, (db) => ({ yaml: definitionsSkeleton(skeletonTables(db)) }));

const trainTask: JobTask<'train'> = async ({ projectDir, jobId, params }, context) => {
  const { trainModelFromTable } = await training();
  const meter = stageMeter(context, (next) => next.unit);
  const result = await withDatabase(projectDir, (db) =>
    trainModelFromTable(db, projectDir, params, {
      jobId,
      onIteration: (done, loss, total, unit, heldOut) => {
        if (context.signal.aborted) throw new TriadError('cancelled', 'training was cancelled; nothing was kept');
        const counts: Record<string, number> = heldOut === null ? { loss } : { loss, held_out_loss: heldOut };
        meter({ stage: 'training', done, total, unit, counts });
        return true;
      },
    }),
  );
  if (stoppedBeforeConverging(result.card.algorithm as Algorithm, result.converged))
    context.log(
      'warning',
      `the solver stopped after ${result.iterations} iterations before converging: raise max_iter`,
    );
  for (const column of result.skipped) context.log('info', `left out ${column}`);
  return result;
};

const modelImportTask: JobTask<'model-import'> = async ({ projectDir, params }) => {
  const { importModelFile } = await modelImports();
  return withDatabase(projectDir, (db) => importModelFile(db, projectDir, params));
};

const predictTask: JobTask<'predict'> = async ({ projectDir, params }, context) => {
  const { predictTable } = await predicting();
  const meter = stageMeter(context);
  return withDatabase(projectDir, (db) =>
    predictTable(db, projectDir, params, (done, total) =>
      meter({ stage: 'scoring', done, total, unit: 'rows', counts: {} }),
    ),
  );
};

const pipelineStepTask: JobTask<'pipeline-step'> = async ({ projectDir, jobId, params }, context) => {
  const { executeStep } = await pipelineSteps();
  return withDatabase(projectDir, (db) =>
    executeStep(params, {
      db,
      projectDir,
      jobId,
      signal: context.signal,
      log: (message) => context.log('info', message),
    }),
  );
};

const bundleExportTask: JobTask<'bundle-export'> = async ({ projectDir, params }, context) => {
  const { exportBundleFile } = await bundleExport();
  const meter = stageMeter(context);
  return withDatabase(projectDir, (db) =>
    exportBundleFile(
      db,
      projectDir,
      params,
      (done, total) => meter({ stage: 'writing', done, total, unit: 'bytes', counts: {} }),
      context.signal,
    ),
  );
};

const bundleImportTask: JobTask<'bundle-import'> = async ({ projectDir, jobId, params }, context) => {
  const [{ importBundle }, { admitBundle }] = await Promise.all([bundleImport(), bundleTrust()]);
  const meter = stageMeter(context);
  return withDatabase(projectDir, (db) => {
    const project = new Project(projectDir, db);
    return importBundle(project, params.path, {
      resolutions: params.resolutions,
      admit: admitBundle(project),
      owner: jobId,
      signal: context.signal,
      onProgress: (progress) =>
        meter({
          stage: progress.phase,
          done: progress.done,
          total: progress.total,
          unit: progress.phase === 'staging tables' ? 'rows' : 'steps',
          counts: {},
        }),
    });
  });
};

/** A large training set is read and compared here, off the backend's main thread. */
const driftCheckTask: JobTask<'drift-check'> = async ({ projectDir, params }) => {
  const { compareDrift } = await drift();
  return withDatabase(projectDir, (db) => compareDrift(db, projectDir, params));
};

/** Every job's work, by kind, as the pool's threads run it. */
export const jobTasks: { [K in JobKind]: JobTask<K> } = {
  import: importTask,
  materialize: materializeTask,
  'training-set': trainingSetTask,
  'table-stats': tableStatsTask,
  'quality-run': qualityRunTask,
  'definitions-draft': definitionsDraftTask,
  train: trainTask,
  'model-import': modelImportTask,
  predict: predictTask,
  'pipeline-step': pipelineStepTask,
  'bundle-export': bundleExportTask,
  'bundle-import': bundleImportTask,
  'drift-check': driftCheckTask,
};
