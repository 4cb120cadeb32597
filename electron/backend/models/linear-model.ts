import { minimize } from './optimize.js';

export type LinearTask = 'regression' | 'binary' | 'multiclass';

export interface LinearTrainingData {
  /** Encoded features, row-major (rows x width). */
  features: Float64Array;
  rows: number;
  width: number;
  /** Regression: the targets; classification: each row's class index. */
  targets: Float64Array;
  /** Classes (1 for regression and binary models' single score, else one per class). */
  outputs: number;
}

export interface LinearParameters {
  /** Regularization strength (sklearn's alpha; for logistic regression C = 1 / (rows * alpha)). */
  alpha: number;
  /** The share of the penalty that is L1 (0: ridge / L2, 1: lasso). */
  l1Ratio: number;
  maxIterations: number;
  tolerance: number;
}

export interface LinearModel {
  task: LinearTask;
  /** Weights, output by output: weights[output * width + feature]. */
  weights: Float64Array;
  intercepts: Float64Array;
  width: number;
  iterations: number;
  converged: boolean;
}

/** Scores (rows x outputs): features times weights plus intercepts, in the order the ONNX graph computes them. */
export function linearScores(model: LinearModel, features: Float64Array, rows: number): Float64Array {
  const outputs = model.intercepts.length;
  const { width, weights, intercepts } = model;
  const scores = new Float64Array(rows * outputs);
  for (let row = 0; row < rows; row++) {
    const base = row * width;
    for (let output = 0; output < outputs; output++) {
      let sum = 0;
      const weightBase = output * width;
      for (let j = 0; j < width; j++) sum += (features[base + j] as number) * (weights[weightBase + j] as number);
      scores[row * outputs + output] = sum + (intercepts[output] as number);
    }
  }
  return scores;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Softmax of one row's scores, written into `out`. */
export function softmaxInto(
  scores: Float64Array,
  offset: number,
  count: number,
  out: Float64Array,
  outOffset: number,
): void {
  let largest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) largest = Math.max(largest, scores[offset + k] as number);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const e = Math.exp((scores[offset + k] as number) - largest);
    out[outOffset + k] = e;
    sum += e;
  }
  for (let k = 0; k < count; k++) out[outOffset + k] = (out[outOffset + k] as number) / sum;
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * The mean loss (squared error / 2, or log loss) plus the L2 part of the penalty, and its
 * gradient; parameters are laid out output by output, each its weights then its intercept.
 */
function objective(task: LinearTask, data: LinearTrainingData, l2: number) {
  const { features, rows, width, targets, outputs } = data;
  const stride = width + 1;
  const scores = new Float64Array(outputs);
  const residuals = new Float64Array(outputs);
  return (parameters: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < rows; row++) {
      const base = row * width;
      for (let output = 0; output < outputs; output++) {
        let sum = parameters[output * stride + width] as number;
        const weightBase = output * stride;
        for (let j = 0; j < width; j++) sum += (features[base + j] as number) * (parameters[weightBase + j] as number);
        scores[output] = sum;
      }
      const target = targets[row] as number;
      if (task === 'regression') {
        const error = (scores[0] as number) - target;
        loss += 0.5 * error * error;
        residuals[0] = error;
      } else if (task === 'binary') {
        const z = scores[0] as number;
        loss += softplus(z) - target * z;
        residuals[0] = sigmoid(z) - target;
      } else {
        softmaxInto(scores, 0, outputs, residuals, 0);
        loss -= Math.log(Math.max(residuals[target] as number, Number.MIN_VALUE));
        residuals[target] = (residuals[target] as number) - 1;
      }
      for (let output = 0; output < outputs; output++) {
        const residual = residuals[output] as number;
        if (residual === 0) continue;
        const weightBase = output * stride;
        for (let j = 0; j < width; j++)
          gradient[weightBase + j] = (gradient[weightBase + j] as number) + residual * (features[base + j] as number);
        gradient[weightBase + width] = (gradient[weightBase + width] as number) + residual;
      }
    }
    let penalty = 0;
    for (let i = 0; i < parameters.length; i++) {
      gradient[i] = (gradient[i] as number) / rows;
      if (i % stride !== width) {
        const value = parameters[i] as number;
        penalty += value * value;
        gradient[i] = (gradient[i] as number) + l2 * value;
      }
    }
    return loss / rows + 0.5 * l2 * penalty;
  };
}

/**
 * Fits a linear or logistic (binary, or multinomial softmax) regression with an elastic-net
 * penalty on standardized features. The intercept is not penalized.
 */
export function trainLinear(
  task: LinearTask,
  data: LinearTrainingData,
  parameters: LinearParameters,
  onIteration?: (iteration: number, loss: number, parameters: Float64Array) => boolean | undefined,
): LinearModel {
  const { width, outputs } = data;
  const stride = width + 1;
  const start = new Float64Array(outputs * stride);
  if (task === 'regression') {
    let sum = 0;
    for (const target of data.targets) sum += target;
    start[width] = data.rows > 0 ? sum / data.rows : 0;
  }
  const l1 = parameters.alpha * parameters.l1Ratio;
  const result = minimize(objective(task, data, parameters.alpha * (1 - parameters.l1Ratio)), start, {
    l1,
    penalized: (index) => index % stride !== width,
    maxIterations: parameters.maxIterations,
    tolerance: parameters.tolerance,
    onIteration,
  });
  const weights = new Float64Array(outputs * width);
  const intercepts = new Float64Array(outputs);
  for (let output = 0; output < outputs; output++) {
    weights.set(result.x.subarray(output * stride, output * stride + width), output * width);
    intercepts[output] = result.x[output * stride + width] as number;
  }
  return { task, weights, intercepts, width, iterations: result.iterations, converged: result.converged };
}

/**
 * How well parameters (laid out as trainLinear's: output by output, weights then intercept) do
 * on other rows: the mean log loss of a classifier, the RMSE of a regression.
 */
export function heldOutLoss(task: LinearTask, data: LinearTrainingData, parameters: Float64Array): number {
  const { features, rows, width, targets, outputs } = data;
  const stride = width + 1;
  const scores = new Float64Array(outputs);
  const probabilities = new Float64Array(outputs);
  let total = 0;
  for (let row = 0; row < rows; row++) {
    for (let output = 0; output < outputs; output++) {
      let sum = parameters[output * stride + width] as number;
      for (let j = 0; j < width; j++)
        sum += (features[row * width + j] as number) * (parameters[output * stride + j] as number);
      scores[output] = sum;
    }
    const target = targets[row] as number;
    if (task === 'regression') total += ((scores[0] as number) - target) ** 2;
    else if (task === 'binary') total += softplus(scores[0] as number) - target * (scores[0] as number);
    else {
      softmaxInto(scores, 0, outputs, probabilities, 0);
      total -= Math.log(Math.max(probabilities[target] as number, Number.MIN_VALUE));
    }
  }
  if (rows === 0) return Number.NaN;
  return task === 'regression' ? Math.sqrt(total / rows) : total / rows;
}
