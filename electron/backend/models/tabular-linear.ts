import { TriadError } from '../../../shared/contract/errors.js';
import { type ClassLabels, encodeLabels } from './class-labels.js';
import {
  heldOutLoss,
  type LinearModel,
  type LinearParameters,
  type LinearTrainingData,
  linearScores,
  sigmoid,
  softmaxInto,
  trainLinear,
} from './linear-model.js';
import type { Predictions } from './predictions.js';
import {
  type ColumnEncoding,
  encodedFeatureNames,
  encodeRows,
  type FrameColumn,
  fitPreprocessing,
  numericValue,
} from './preprocessing.js';

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

function rowCountOf(columns: readonly FrameColumn[], label: FrameColumn | null): number {
  const counts = new Set([...columns, ...(label ? [label] : [])].map((column) => column.values.length));
  if (counts.size > 1) throw new Error('the columns of a training frame differ in length');
  return [...counts][0] ?? 0;
}

function keptRows(targets: Float64Array): number[] {
  const kept: number[] = [];
  targets.forEach((target, row) => {
    if (!Number.isNaN(target)) kept.push(row);
  });
  return kept;
}

function compactRows(matrix: Float64Array, width: number, rows: readonly number[]): Float64Array {
  const compact = new Float64Array(rows.length * width);
  rows.forEach((row, index) => {
    compact.set(matrix.subarray(row * width, (row + 1) * width), index * width);
  });
  return compact;
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

/** Each row's class index among `classes` (NaN when missing or a class training never saw). */
function classIndices(classes: ClassLabels, label: FrameColumn): Float64Array {
  const position = new Map<string | number, number>(classes.values.map((value, index) => [value, index]));
  return Float64Array.from(label.values, (value) => {
    if (value === null || value === undefined) return Number.NaN;
    return position.get(classes.kind === 'text' ? String(value) : numericValue(value)) ?? Number.NaN;
  });
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
  let classes: ClassLabels | null = null;
  let targets: Float64Array;
  if (algorithm === 'logreg') {
    const encoded = encodeLabels(label);
    classes = encoded.classes;
    targets = encoded.indices;
  } else {
    if (label.type === 'text' || label.type === 'json' || label.type === 'binary')
      throw new TriadError(
        'invalid_input',
        `the label ${label.name} holds ${label.type} values: a regression needs numbers`,
      );
    targets = Float64Array.from(label.values, numericValue);
  }
  const classCount = classes?.values.length ?? 1;
  const outputs = classCount === 2 ? 1 : classCount;
  const data = solverData(encodings, columns, targets, outputs);
  if (data.rows === 0) throw new TriadError('invalid_input', `no row has a value of the label ${label.name}`);
  const task = algorithm === 'linreg' ? 'regression' : classCount === 2 ? 'binary' : 'multiclass';
  const heldOutData =
    heldOut &&
    solverData(
      encodings,
      heldOut.columns,
      classes ? classIndices(classes, heldOut.label) : Float64Array.from(heldOut.label.values, numericValue),
      outputs,
    );
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
  const classCount = model.classes.values.length;
  const probabilities = new Float64Array(rows * classCount);
  if (classCount === 2) {
    for (let row = 0; row < rows; row++) {
      const positive = sigmoid(scores[row] as number);
      probabilities[row * 2] = 1 - positive;
      probabilities[row * 2 + 1] = positive;
    }
  } else {
    for (let row = 0; row < rows; row++)
      softmaxInto(scores, row * classCount, classCount, probabilities, row * classCount);
  }
  const labels = Array.from({ length: rows }, (_, row) => {
    let best = 0;
    for (let k = 1; k < classCount; k++)
      if ((probabilities[row * classCount + k] as number) > (probabilities[row * classCount + best] as number))
        best = k;
    return model.classes?.values[best] as string | number;
  });
  return { kind: 'classes', labels, probabilities, classCount };
}
