import { basename } from 'node:path';
import type { ConflictResolutions } from '../../../shared/contract/bundles.js';
import type { JobKind } from '../../../shared/contract/jobs.js';
import type { BundleExportRequest } from '../bundles/bundle-export.js';
import type { IngestRequest } from '../ingest/ingest.js';
import type { TrainingSetRequest } from '../use-cases/build-training-set.js';
import type { DriftComparison } from '../use-cases/compare-drift.js';
import type { ImportModelRequest } from '../use-cases/import-model.js';
import type { PredictRequest } from '../use-cases/predict-table.js';
import type { StepRequest } from '../use-cases/run-pipeline-step.js';
import type { TrainRequest } from '../use-cases/train-model.js';

/** What each kind of job is started with; stored with the job as its parameters. */
export interface JobParams {
  import: Omit<IngestRequest, 'batchRows'>;
  materialize: { views: string[] | null; startMs: number | null; endMs: number };
  'training-set': TrainingSetRequest;
  'table-stats': { source: string };
  'quality-run': { target: string | null };
  'definitions-draft': Record<string, never>;
  train: TrainRequest;
  'model-import': ImportModelRequest;
  predict: PredictRequest;
  'pipeline-step': StepRequest;
  'bundle-export': BundleExportRequest;
  'bundle-import': { path: string; resolutions: ConflictResolutions };
  'drift-check': DriftComparison;
}

/** The line a user recognises a job by, in lists and logs. */
export function jobTitle<K extends JobKind>(kind: K, params: JobParams[K]): string {
  switch (kind) {
    case 'import': {
      const { file, sourceName, table, mode } = params as JobParams['import'];
      const name = basename(sourceName ?? file);
      if (mode === 'append') return `Append ${name} to ${table}`;
      if (mode === 'replace') return `Replace ${table} with ${name}`;
      return `Import ${name} into ${table}`;
    }
    case 'materialize': {
      const { views } = params as JobParams['materialize'];
      return views === null ? 'Materialize every online feature view' : `Materialize ${views.join(', ')}`;
    }
    case 'training-set': {
      const { service, entityTable, table } = params as JobParams['training-set'];
      return `Build training set ${table} (${service} onto ${entityTable})`;
    }
    case 'table-stats':
      return `Statistics of ${(params as JobParams['table-stats']).source}`;
    case 'quality-run': {
      const { target } = params as JobParams['quality-run'];
      return target === null ? 'Run every quality check' : `Run the quality checks of ${target}`;
    }
    case 'definitions-draft':
      return 'Draft feature definitions from the tables';
    case 'train': {
      const { algorithm, table, label, register } = params as JobParams['train'];
      return `Train ${algorithm} on ${table}${label === null ? '' : ` to predict ${label}`}${register ? ` (register as ${register})` : ''}`;
    }
    case 'model-import': {
      const { file, name } = params as JobParams['model-import'];
      return `Import model ${basename(file)} as ${name}`;
    }
    case 'predict': {
      const { model, table, out, into } = params as JobParams['predict'];
      return `Score ${table} with ${model} into ${out === null ? `table ${into}` : basename(out)}`;
    }
    case 'pipeline-step': {
      const { pipeline, step, kind: stepKind } = params as JobParams['pipeline-step'];
      return `Pipeline ${pipeline}: step ${step} (${stepKind})`;
    }
    case 'bundle-export': {
      const { pipeline, path } = params as JobParams['bundle-export'];
      return `Export pipeline ${pipeline} to ${basename(path)}`;
    }
    case 'bundle-import':
      return `Import bundle ${basename((params as JobParams['bundle-import']).path)}`;
    case 'drift-check': {
      const { model, version } = params as JobParams['drift-check'];
      return `Check the drift of ${model} version ${version}`;
    }
  }
  throw new Error(`unknown job kind ${String(kind)}`);
}
