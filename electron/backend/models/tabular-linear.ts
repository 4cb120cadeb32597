import { TriadError } from '../../../shared/contract/errors.js';
import type { ClassLabels } from './class-labels.js';
import { classPredictions } from './class-predictions.js';
import {
  heldOutLoss,
  type LinearModel,
  type LinearParameters,
  type LinearTrainingData,
  linearScores,
  trainLinear,
} from './linear-model.js';
import type { Predictions } from './predictions.js';
import {
  type ColumnEncoding,
  encodedFeatureNames,
  encodeRows,
  type FrameColumn,
  fitPreprocessing,
} from './preprocessing.js';
import { compactRows, heldOutTargets, keptRows, labelTargets, rowCountOf } from './training-targets.js';

export type LinearAlgorithm = 'logreg' | 'linreg';

export const LINEAR_DEFAULTS: LinearParameters = { alpha: 1e-4, l1Ratio: 0, maxIterations: 500, tolerance: 1e-10 };

/** A linear model with the preprocessing it learned: what predicts from raw columns and exports to ONNX. */
export interface TabularLinearModel {
  algorithm: LinearAlgorithm;
  encodings: ColumnEncoding[];
  featureNames: string[];
  /** Null for a regression. */
  classes: ClassLabels | null;
  linear: LinearModel;
  parameters: LinearParameters;
}

/** The rows with a target, encoded, as the solver takes them. */
function solverData(
  encodings: readonly ColumnEncoding[],
  columns: readonly FrameColumn[],
  targets: Float64Array,
  outputs: number,
): LinearTrainingData {
  const width = encodedFeatureNames(encodings).length;
  const kept = keptRows(targets);
  return {
    features: compactRows(encodeRows(encodings, columns, targets.length), width, kept),
    rows: kept.length,
    width,
    targets: Float64Array.from(kept, (row) => targets[row] as number),
    outputs,
  };
}

/** Called after each iteration with the training loss and, given held-out rows, their log loss (RMSE for a regression). */
export type LinearIterationListener = (iteration: number, loss: number, heldOut: number | null) => boolean | undefined;

/**
 * Trains logistic regression (binary or multinomial) or linear regression on raw columns: the
 * preprocessing is learned from them, rows whose label is missing are left out. Held-out rows,
 * when given, are measured after every iteration.
 */
export function trainTabularLinear(
  algorithm: LinearAlgorithm,
  columns: readonly FrameColumn[],
  label: FrameColumn,
  parameters: Partial<LinearParameters> = {},
  onIteration?: LinearIterationListener,
  heldOut?: { columns: readonly FrameColumn[]; label: FrameColumn },
): TabularLinearModel {
  if (columns.length === 0) throw new TriadError('invalid_input', 'there is no feature column to train on');
  const settings = { ...LINEAR_DEFAULTS, ...parameters };
  rowCountOf(columns, label);
  const encodings = fitPreprocessing(columns);
  const featureNames = encodedFeatureNames(encodings);
  const { classes, targets } = labelTargets(algorithm === 'logreg' ? 'classes' : 'values', label);
  const classCount = classes?.values.length ?? 1;
  const outputs = classCount === 2 ? 1 : classCount;
  const data = solverData(encodings, columns, targets, outputs);
  if (data.rows === 0) throw new TriadError('invalid_input', `no row has a value of the label ${label.name}`);
  const task = algorithm === 'linreg' ? 'regression' : classCount === 2 ? 'binary' : 'multiclass';
  const heldOutData =
    heldOut && solverData(encodings, heldOut.columns, heldOutTargets(classes, heldOut.label), outputs);
  const linear = trainLinear(task, data, settings, (iteration, loss, x) =>
    onIteration?.(iteration, loss, heldOutData && heldOutData.rows > 0 ? heldOutLoss(task, heldOutData, x) : null),
  );
  return { algorithm, encodings, featureNames, classes, linear, parameters: settings };
}

/** Scores raw columns as the exported ONNX model does. */
export function predictTabularLinear(
  model: TabularLinearModel,
  columns: readonly FrameColumn[],
): Extract<Predictions, { kind: 'classes' | 'values' }> {
  const rows = rowCountOf(columns, null);
  const scores = linearScores(model.linear, encodeRows(model.encodings, columns, rows), rows);
  if (model.classes === null) return { kind: 'values', values: scores };
  return classPredictions(scores, rows, model.classes);
}
