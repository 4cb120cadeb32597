import { exponential } from './exponential.js';

/** What the trees are boosted for: a class of two, one of several, or a number. */
export type BoostingTask = 'binary' | 'multiclass' | 'regression';

const EPSILON = 1e-16;

export function sigmoid(score: number): number {
  return 1 / (1 + exponential(-score));
}

/** Class probabilities from one row's scores, into `into`. */
export function softmax(scores: Float64Array, offset: number, count: number, into: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) max = Math.max(max, scores[offset + k] as number);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const exp = exponential((scores[offset + k] as number) - max);
    into[k] = exp;
    sum += exp;
  }
  for (let k = 0; k < count; k++) into[k] = (into[k] as number) / sum;
}

/**
 * The gradient and hessian of the loss for rows [from, to) and each output, from the scores (rows
 * x outputs): output k's pair of row r at pairs[(k * rows + r) * 2 + 0|1].
 */
export function fillGradients(
  task: BoostingTask,
  scores: Float64Array,
  targets: Float64Array,
  outputs: number,
  pairs: Float32Array,
  from: number,
  to: number,
): void {
  if (task === 'regression') {
    for (let row = from; row < to; row++) {
      pairs[2 * row] = (scores[row] as number) - (targets[row] as number);
      pairs[2 * row + 1] = 1;
    }
    return;
  }
  if (task === 'binary') {
    for (let row = from; row < to; row++) {
      const probability = sigmoid(scores[row] as number);
      pairs[2 * row] = probability - (targets[row] as number);
      pairs[2 * row + 1] = Math.max(probability * (1 - probability), EPSILON);
    }
    return;
  }
  const rows = targets.length;
  const probabilities = new Float64Array(outputs);
  for (let row = from; row < to; row++) {
    softmax(scores, row * outputs, outputs, probabilities);
    const target = targets[row] as number;
    for (let k = 0; k < outputs; k++) {
      const probability = probabilities[k] as number;
      const at = (k * rows + row) * 2;
      pairs[at] = probability - (k === target ? 1 : 0);
      // XGBoost's multiclass hessian, so a learning rate means the same in both.
      pairs[at + 1] = Math.max(2 * probability * (1 - probability), EPSILON);
    }
  }
}
