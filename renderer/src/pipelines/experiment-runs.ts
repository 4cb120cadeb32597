import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import type { TrainingRun } from '../../../shared/contract/schemas.js';
import { registeredVersions, runMetrics, trainingRunOf } from './run-text.js';

export type ParameterValue = string | number | boolean;

/** A run the Experiments page lists: a pipeline run, or a training started from the Train page. */
export interface ExperimentRun {
  id: string;
  source: 'pipeline' | 'train';
  /** The pipeline's name, or `Train page`. */
  pipeline: string;
  state: string;
  reason: string;
  startedAt: string;
  finishedAt: string | null;
  params: Record<string, ParameterValue>;
  metrics: Record<string, number | null>;
  /** The training run whose model card has its curves, when it trained a model. */
  trainingRunId: string | null;
  registered: { name: string; version: number }[];
  /** The pipeline file's SHA-256 as run; null for a training. */
  definitionHash: string | null;
  pipelineRun: PipelineRun | null;
}

export const TRAIN_PAGE = 'Train page';

function fromPipelineRun(run: PipelineRun): ExperimentRun {
  return {
    id: run.id,
    source: 'pipeline',
    pipeline: run.pipeline,
    state: run.state,
    reason: run.reason,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    params: run.params,
    metrics: runMetrics(run),
    trainingRunId: trainingRunOf(run),
    registered: registeredVersions(run),
    definitionHash: run.definitionHash,
    pipelineRun: run,
  };
}

/** A training's settings as parameters: lists (its feature columns) joined, nothing left out. */
function trainingParameters(params: Record<string, unknown>): Record<string, ParameterValue> {
  return Object.fromEntries(
    Object.entries(params).flatMap(([name, value]): [string, ParameterValue][] => {
      if (value === null || value === undefined) return [];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [[name, value]];
      return [[name, Array.isArray(value) ? value.join(', ') : JSON.stringify(value)]];
    }),
  );
}

function fromTrainingRun(run: TrainingRun): ExperimentRun {
  return {
    id: run.id,
    source: 'train',
    pipeline: TRAIN_PAGE,
    state: run.status,
    reason: 'manual',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    params: trainingParameters(run.params),
    metrics: run.metrics,
    trainingRunId: run.status === 'succeeded' ? run.id : null,
    registered: [],
    definitionHash: null,
    pipelineRun: null,
  };
}

/**
 * Every run, newest first: pipeline runs, and trainings that no pipeline step made (those are
 * shown through their pipeline run).
 */
export function experimentRuns(
  pipelineRuns: readonly PipelineRun[],
  trainings: readonly TrainingRun[],
): ExperimentRun[] {
  const fromPipelines = pipelineRuns.map(fromPipelineRun);
  const madeByPipelines = new Set(fromPipelines.map((run) => run.trainingRunId));
  return [...fromPipelines, ...trainings.filter((run) => !madeByPipelines.has(run.id)).map(fromTrainingRun)].sort(
    (a, b) => b.startedAt.localeCompare(a.startedAt),
  );
}
