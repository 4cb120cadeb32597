import { availableParallelism } from 'node:os';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelCard } from '../../../shared/contract/schemas.js';
import type { Algorithm } from '../../../shared/model-algorithms.js';
import type { ClassLabels } from './class-labels.js';
import { featureValues } from './gbdt/binning.js';
import { gbdtModelOnnx } from './onnx/gbdt-onnx.js';
import { kmeansModelOnnx } from './onnx/kmeans-onnx.js';
import { linearModelOnnx, type ModelMetadata } from './onnx/linear-onnx.js';
import type { Predictions } from './predictions.js';
import { type ColumnEncoding, encodedFeatureNames, encodeRows, type FrameColumn } from './preprocessing.js';
import { gbdtSettings, predictTabularGbdt, trainTabularGbdt } from './tabular-gbdt.js';
import { predictTabularKMeans, trainTabularKMeans } from './tabular-kmeans.js';
import { predictTabularLinear, trainTabularLinear } from './tabular-linear.js';

/** A model as every algorithm leaves it: it predicts raw columns and writes itself as ONNX. */
export interface TrainedModel {
  algorithm: Algorithm;
  task: ModelCard['task'];
  classes: ClassLabels | null;
  /** The input columns, in the model's input order. */
  inputs: string[];
  iterations: number;
  converged: boolean;
  importances: ModelCard['importances'];
  predict(columns: readonly FrameColumn[]): Predictions;
  /** The rows as the model sees them: encoded features, row-major. */
  encode(columns: readonly FrameColumn[]): { points: Float64Array; width: number };
  toOnnx(metadata: ModelMetadata): Uint8Array;
}

function encoder(encodings: readonly ColumnEncoding[]) {
  const width = encodedFeatureNames(encodings).length;
  return (columns: readonly FrameColumn[]) => ({
    points: encodeRows(encodings, columns, columns[0]?.values.length ?? 0),
    width,
  });
}

/**
 * Called after each iteration (each k-means restart) with its loss (inertia) and, when held-out
 * rows were given, their log loss (RMSE for a regression); return false to stop training.
 */
export type IterationListener = (iteration: number, loss: number, heldOut: number | null) => boolean | undefined;

/** Rows kept out of training, measured after each iteration. */
export interface HeldOutRows {
  features: readonly FrameColumn[];
  label: FrameColumn;
}

function linearTrainer(
  algorithm: 'logreg' | 'linreg',
  features: readonly FrameColumn[],
  label: FrameColumn,
  parameters: Record<string, number>,
  onIteration?: IterationListener,
  heldOut?: HeldOutRows,
): TrainedModel {
  const model = trainTabularLinear(
    algorithm,
    features,
    label,
    {
      alpha: parameters.alpha,
      l1Ratio: parameters.l1_ratio,
      maxIterations: parameters.max_iter,
      tolerance: parameters.tol,
    },
    onIteration,
    heldOut && { columns: heldOut.features, label: heldOut.label },
  );
  const { weights, width, intercepts } = model.linear;
  // On standardized features, a weight's size says how much its feature moves the score.
  const importances = model.featureNames
    .map((feature, j) => {
      let importance = 0;
      for (let output = 0; output < intercepts.length; output++)
        importance += Math.abs(weights[output * width + j] as number);
      return { feature, importance };
    })
    .sort((a, b) => b.importance - a.importance);
  const classCount = model.classes?.values.length ?? 0;
  return {
    algorithm,
    task: algorithm === 'linreg' ? 'regression' : classCount === 2 ? 'binary' : 'multiclass',
    classes: model.classes,
    inputs: model.encodings.map((encoding) => encoding.name),
    iterations: model.linear.iterations,
    converged: model.linear.converged,
    importances,
    predict: (columns) => predictTabularLinear(model, columns),
    encode: encoder(model.encodings),
    toOnnx: (metadata) => linearModelOnnx(model, metadata),
  };
}

function kmeansTrainer(
  features: readonly FrameColumn[],
  parameters: Record<string, number>,
  seed: number,
  onIteration?: IterationListener,
): TrainedModel {
  const model = trainTabularKMeans(
    features,
    {
      k: parameters.k ?? 8,
      restarts: parameters.n_init ?? 10,
      maxIterations: parameters.max_iter ?? 300,
      tolerance: parameters.tol ?? 1e-4,
      seed,
    },
    (restart, inertia) => onIteration?.(restart, inertia, null),
  );
  return {
    algorithm: 'kmeans',
    task: 'clustering',
    classes: null,
    inputs: model.encodings.map((encoding) => encoding.name),
    iterations: model.kmeans.iterations,
    converged: model.kmeans.converged,
    importances: [],
    predict: (columns) => predictTabularKMeans(model, columns),
    encode: encoder(model.encodings),
    toOnnx: (metadata) => kmeansModelOnnx(model, metadata),
  };
}

function gbdtTrainer(
  features: readonly FrameColumn[],
  label: FrameColumn,
  parameters: Record<string, number>,
  seed: number,
  onIteration?: IterationListener,
  heldOut?: HeldOutRows,
): TrainedModel {
  const settings = gbdtSettings(parameters, seed, availableParallelism());
  const model = trainTabularGbdt(
    features,
    label,
    settings,
    onIteration,
    heldOut && { columns: heldOut.features, label: heldOut.label },
  );
  const { boosted, classes } = model;
  const totalGain = boosted.gains.reduce((sum, gain) => sum + gain, 0);
  const classCount = classes?.values.length ?? 0;
  return {
    algorithm: 'gbdt',
    task: classes === null ? 'regression' : classCount === 2 ? 'binary' : 'multiclass',
    classes,
    inputs: boosted.bins.map((feature) => feature.name),
    iterations: boosted.rounds,
    // For boosting, "converged" means early stopping ended training before its last round.
    converged: settings.earlyStoppingRounds > 0 && heldOut !== undefined && boosted.rounds < settings.rounds,
    // Each column's share of the loss reduction over all splits (XGBoost's total_gain, normalized).
    importances: boosted.bins
      .map((feature, index) => ({
        feature: feature.name,
        importance: totalGain > 0 ? (boosted.gains[index] as number) / totalGain : 0,
      }))
      .sort((a, b) => b.importance - a.importance),
    predict: (columns) => predictTabularGbdt(model, columns),
    encode: (columns) => ({
      points: featureValues(boosted.bins, columns, columns[0]?.values.length ?? 0),
      width: boosted.bins.length,
    }),
    toOnnx: (metadata) => gbdtModelOnnx(model, metadata),
  };
}

/** Trains a model of the algorithm on feature columns and a label (none for clustering). */
export function trainModel(
  algorithm: Algorithm,
  features: readonly FrameColumn[],
  label: FrameColumn | null,
  parameters: Record<string, number>,
  seed: number,
  onIteration?: IterationListener,
  heldOut?: HeldOutRows,
): TrainedModel {
  if (algorithm === 'kmeans') return kmeansTrainer(features, parameters, seed, onIteration);
  if (label === null)
    throw new TriadError('invalid_input', `${algorithm} learns to predict a label: name the label column`);
  if (algorithm === 'gbdt') return gbdtTrainer(features, label, parameters, seed, onIteration, heldOut);
  return linearTrainer(algorithm, features, label, parameters, onIteration, heldOut);
}
