import { seededRandom, shuffledIndices } from '../random.js';
import { binCodes, codesByFeature, type FeatureBins, valueBinCount } from './binning.js';
import { type GrowSettings, TreeGrower } from './grow-tree.js';
import { type BinnedRows, singleThreadBuilder } from './histogram.js';
import { sharedMemory, threadedBuilder } from './histogram-threads.js';
import type { FeatureLayout } from './split-finder.js';
import { leafOfCodes, leafOfValues, type Tree } from './tree.js';

export type BoostingTask = 'binary' | 'multiclass' | 'regression';

export interface BoostingSettings extends GrowSettings {
  rounds: number;
  /** The share of rows each round samples (without replacement). */
  subsample: number;
  /** The share of features each tree may split on. */
  colsampleByTree: number;
  /** Stop when the held-out loss has not improved for this many rounds (0: never), keeping the best round. */
  earlyStoppingRounds: number;
  seed: number;
  /** Threads that build histograms (this one included); the trees are the same for any number. */
  threads: number;
}

/** Rows as the trainer takes them: raw feature values (see featureValues) and a target per row. */
export interface BoostingRows {
  values: Float64Array;
  rows: number;
  /** A class's index, or the value to predict. */
  targets: Float64Array;
}

export interface BoostedTrees {
  task: BoostingTask;
  /** Scores per row: 1, or the number of classes for a multiclass model. */
  outputs: number;
  baseScores: Float64Array;
  /** Round by round, one tree per output in each round. */
  trees: Tree[];
  bins: FeatureBins[];
  rounds: number;
  /** Loss reduction per feature summed over every split of the kept trees. */
  gains: Float64Array;
}

/** Called after each round with the training loss and the held-out loss (null without held-out rows); false stops. */
export type RoundListener = (round: number, loss: number, heldOut: number | null) => boolean | undefined;

/** Fewer rows than this are trained on one thread: helper threads would cost more than they save. */
export const THREADED_ROWS = 50_000;

/** Histograms on this thread, or shared with helper threads (whose buffers must then be shared memory). */
function histogramEngine(rows: number, threads: number) {
  const helped = threads > 1 && rows >= THREADED_ROWS;
  return {
    memory: (bytes: number) => (helped ? sharedMemory(bytes) : new ArrayBuffer(bytes)),
    builder: (data: BinnedRows, order: Uint32Array) =>
      helped ? threadedBuilder(data, order, threads) : { build: singleThreadBuilder(data), close: () => {} },
  };
}

const EPSILON = 1e-16;

function sigmoid(score: number): number {
  return 1 / (1 + Math.exp(-score));
}

/** Class probabilities from one row's scores, into `into`. */
function softmax(scores: Float64Array, offset: number, count: number, into: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) max = Math.max(max, scores[offset + k] as number);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const exp = Math.exp((scores[offset + k] as number) - max);
    into[k] = exp;
    sum += exp;
  }
  for (let k = 0; k < count; k++) into[k] = (into[k] as number) / sum;
}

/** Log loss (the mean negative log probability of the true class), or RMSE for a regression. */
export function boostingLoss(task: BoostingTask, scores: Float64Array, targets: Float64Array, outputs: number): number {
  const rows = targets.length;
  if (rows === 0) return Number.NaN;
  let total = 0;
  if (task === 'regression') {
    for (let row = 0; row < rows; row++) total += ((scores[row] as number) - (targets[row] as number)) ** 2;
    return Math.sqrt(total / rows);
  }
  const probabilities = new Float64Array(outputs);
  for (let row = 0; row < rows; row++) {
    const target = targets[row] as number;
    let probability: number;
    if (task === 'binary') {
      const positive = sigmoid(scores[row] as number);
      probability = target === 1 ? positive : 1 - positive;
    } else {
      softmax(scores, row * outputs, outputs, probabilities);
      probability = probabilities[target] as number;
    }
    total -= Math.log(Math.min(Math.max(probability, 1e-15), 1 - 1e-15));
  }
  return total / rows;
}

function baseScores(task: BoostingTask, targets: Float64Array, outputs: number): Float64Array {
  const rows = targets.length;
  if (task === 'regression') return Float64Array.of(targets.reduce((sum, target) => sum + target, 0) / rows);
  const counts = new Float64Array(Math.max(outputs, 2));
  for (const target of targets) counts[target] = (counts[target] as number) + 1;
  const share = (k: number) => Math.min(Math.max((counts[k] as number) / rows, 1e-6), 1 - 1e-6);
  if (task === 'binary') return Float64Array.of(Math.log(share(1) / (1 - share(1))));
  return Float64Array.from({ length: outputs }, (_, k) => Math.log(share(k)));
}

/** Each row's gradient and hessian of the loss per output, from the current scores. */
function fillGradients(
  task: BoostingTask,
  scores: Float64Array,
  targets: Float64Array,
  outputs: number,
  gradients: Float64Array[],
  hessians: Float64Array[],
): void {
  const rows = targets.length;
  const g0 = gradients[0] as Float64Array;
  const h0 = hessians[0] as Float64Array;
  if (task === 'regression') {
    for (let row = 0; row < rows; row++) {
      g0[row] = (scores[row] as number) - (targets[row] as number);
      h0[row] = 1;
    }
    return;
  }
  if (task === 'binary') {
    for (let row = 0; row < rows; row++) {
      const probability = sigmoid(scores[row] as number);
      g0[row] = probability - (targets[row] as number);
      h0[row] = Math.max(probability * (1 - probability), EPSILON);
    }
    return;
  }
  const probabilities = new Float64Array(outputs);
  for (let row = 0; row < rows; row++) {
    softmax(scores, row * outputs, outputs, probabilities);
    const target = targets[row] as number;
    for (let k = 0; k < outputs; k++) {
      const probability = probabilities[k] as number;
      (gradients[k] as Float64Array)[row] = probability - (k === target ? 1 : 0);
      // XGBoost's multiclass hessian, so a learning rate means the same in both.
      (hessians[k] as Float64Array)[row] = Math.max(2 * probability * (1 - probability), EPSILON);
    }
  }
}

/**
 * The training loss each round is measured on at most this many rows, evenly spaced: it is shown
 * as progress, and measuring every row of a large table each round would cost a tenth of training.
 */
export const LOSS_SAMPLE = 10_000;

/** Every `step`-th row's scores and targets. */
function lossSample(scores: Float64Array, targets: Float64Array, outputs: number) {
  const step = Math.max(1, Math.floor(targets.length / LOSS_SAMPLE));
  const rows = Math.ceil(targets.length / step);
  const sampledScores = new Float64Array(rows * outputs);
  for (let index = 0; index < rows; index++)
    sampledScores.set(scores.subarray(index * step * outputs, (index * step + 1) * outputs), index * outputs);
  return {
    scores: sampledScores,
    targets: Float64Array.from({ length: rows }, (_, index) => targets[index * step] as number),
  };
}

function sampledFeatures(width: number, share: number, random: () => number): Int32Array {
  if (share >= 1) return Int32Array.from({ length: width }, (_, feature) => feature);
  const count = Math.max(1, Math.round(width * share));
  return Int32Array.from(shuffledIndices(width, random).subarray(0, count)).sort();
}

function sampledRows(rows: number, share: number, random: () => number, into: Uint32Array): number {
  let count = 0;
  for (let row = 0; row < rows; row++) if (share >= 1 || random() < share) into[count++] = row;
  return count;
}

function layoutOf(bins: readonly FeatureBins[]): FeatureLayout {
  return {
    categorical: Uint8Array.from(bins, (feature) => (feature.kind === 'categorical' ? 1 : 0)),
    valueBins: Int32Array.from(bins, valueBinCount),
  };
}

function thresholdFinder(bins: readonly FeatureBins[]) {
  return (feature: number, bin: number) => {
    const featureBins = bins[feature] as FeatureBins;
    return featureBins.kind === 'numeric' ? (featureBins.edges[bin] as number) : bin;
  };
}

/**
 * Gradient boosting of regression trees on binned features (as XGBoost's `hist`): each round
 * fits one tree per output to the loss's gradients and hessians on a sample of rows and
 * features. Deterministic for a seed, whatever the number of threads.
 */
export function trainBoostedTrees(
  task: BoostingTask,
  bins: FeatureBins[],
  training: BoostingRows,
  outputs: number,
  settings: BoostingSettings,
  onRound?: RoundListener,
  heldOut?: BoostingRows,
): BoostedTrees {
  const width = bins.length;
  const { rows, targets } = training;
  const engine = histogramEngine(rows, settings.threads);
  const codes = binCodes(bins, training.values, rows, new Uint8Array(engine.memory(rows * width)));
  const heldOutCodes = heldOut && heldOut.rows > 0 ? binCodes(bins, heldOut.values, heldOut.rows) : null;
  const base = baseScores(task, targets, outputs);
  const scores = new Float64Array(rows * outputs);
  for (let row = 0; row < rows; row++) scores.set(base, row * outputs);
  const heldOutScores = new Float64Array((heldOut?.rows ?? 0) * outputs);
  for (let row = 0; row < (heldOut?.rows ?? 0); row++) heldOutScores.set(base, row * outputs);
  const gradients = Array.from({ length: outputs }, () => new Float64Array(rows));
  const hessians = Array.from({ length: outputs }, () => new Float64Array(rows));
  const data: BinnedRows = {
    codes,
    columns: codesByFeature(codes, rows, width),
    rows,
    width,
    gradients: new Float64Array(engine.memory(rows * 8)),
    hessians: new Float64Array(engine.memory(rows * 8)),
  };
  const order = new Uint32Array(engine.memory(rows * 4));
  const histograms = engine.builder(data, order);
  const layout = layoutOf(bins);
  const thresholdOf = thresholdFinder(bins);
  const grower = new TreeGrower(data, order, layout, settings, histograms.build, thresholdOf);
  const random = seededRandom(settings.seed);
  const sample = new Uint32Array(rows);
  const trees: Tree[] = [];
  const treeGains: Float64Array[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestRounds = 0;
  try {
    for (let round = 0; round < settings.rounds; round++) {
      fillGradients(task, scores, targets, outputs, gradients, hessians);
      const count = sampledRows(rows, settings.subsample, random, sample);
      for (let output = 0; output < outputs; output++) {
        data.gradients.set(gradients[output] as Float64Array);
        data.hessians.set(hessians[output] as Float64Array);
        order.set(sample.subarray(0, count));
        const features = sampledFeatures(width, settings.colsampleByTree, random);
        const grown = grower.grow(count, features);
        trees.push(grown.tree);
        treeGains.push(grown.gains);
        if (count === rows) {
          // Every row took part: each leaf's rows are where growing left them.
          for (const leaf of grown.leaves) {
            const value = grown.tree.value[leaf.node] as number;
            for (let index = leaf.start; index < leaf.end; index++) {
              const at = (order[index] as number) * outputs + output;
              scores[at] = (scores[at] as number) + value;
            }
          }
        } else {
          for (let row = 0; row < rows; row++) {
            const at = row * outputs + output;
            scores[at] =
              (scores[at] as number) + (grown.tree.value[leafOfCodes(grown.tree, codes, row * width)] as number);
          }
        }
        if (heldOutCodes)
          for (let row = 0; row < (heldOut?.rows ?? 0); row++) {
            const at = row * outputs + output;
            heldOutScores[at] =
              (heldOutScores[at] as number) +
              (grown.tree.value[leafOfCodes(grown.tree, heldOutCodes, row * width)] as number);
          }
      }
      const heldOutLoss = heldOut && heldOutCodes ? boostingLoss(task, heldOutScores, heldOut.targets, outputs) : null;
      if (heldOutLoss === null || heldOutLoss < bestLoss) {
        bestLoss = heldOutLoss ?? bestLoss;
        bestRounds = round + 1;
      }
      const measured = lossSample(scores, targets, outputs);
      const keepGoing = onRound?.(
        round + 1,
        boostingLoss(task, measured.scores, measured.targets, outputs),
        heldOutLoss,
      );
      if (keepGoing === false) break;
      if (
        settings.earlyStoppingRounds > 0 &&
        heldOutLoss !== null &&
        round + 1 - bestRounds >= settings.earlyStoppingRounds
      )
        break;
    }
  } finally {
    histograms.close();
  }
  const kept = settings.earlyStoppingRounds > 0 && heldOutCodes ? bestRounds : trees.length / outputs;
  const gains = new Float64Array(width);
  for (const treeGain of treeGains.slice(0, kept * outputs))
    for (let feature = 0; feature < width; feature++)
      gains[feature] = (gains[feature] as number) + (treeGain[feature] as number);
  return { task, outputs, baseScores: base, trees: trees.slice(0, kept * outputs), bins, rounds: kept, gains };
}

/**
 * Each row's scores (rows x outputs) from raw feature values, as the exported ONNX model computes
 * them: summed in doubles, then rounded to the float32 its tree ensemble outputs.
 */
export function boostedScores(model: BoostedTrees, values: Float64Array, rows: number): Float64Array {
  const { outputs, trees, baseScores: base } = model;
  const width = model.bins.length;
  const scores = new Float64Array(rows * outputs);
  // Tree by tree over every row, so each tree stays in cache; every row still sums its trees in order.
  trees.forEach((tree, index) => {
    const output = index % outputs;
    for (let row = 0; row < rows; row++)
      scores[row * outputs + output] =
        (scores[row * outputs + output] as number) + (tree.value[leafOfValues(tree, values, row * width)] as number);
  });
  for (let row = 0; row < rows; row++)
    for (let output = 0; output < outputs; output++)
      scores[row * outputs + output] = Math.fround(
        (scores[row * outputs + output] as number) + (base[output] as number),
      );
  return scores;
}
