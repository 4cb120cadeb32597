import { seededRandom } from '../../../../shared/seeded-random.js';
import { shuffledIndices } from '../random.js';
import { binCodes, type FeatureBins, QUAD_FEATURES } from './binning.js';
import { type BoostingTask, sigmoid, softmax } from './gradients.js';
import { type GrownTree, type GrowSettings, type NodeRanges, TreeGrower } from './grow-tree.js';
import { kernelMemory } from './kernel.js';
import { CONTROL, TASK, type TrainingLayout, trainingLayout } from './row-shards.js';
import { type ShardEngine, shardEngine } from './shard-engine.js';
import { leafOfCodes, type Tree } from './tree.js';
import { sumTreeScores } from './tree-scorer.js';

export type { BoostingTask } from './gradients.js';

export interface BoostingSettings extends GrowSettings {
  rounds: number;
  /** The share of rows each round samples (without replacement). */
  subsample: number;
  /** The share of features each tree may split on. */
  colsampleByTree: number;
  /** Stop when the held-out loss has not improved for this many rounds (0: never), keeping the best round. */
  earlyStoppingRounds: number;
  seed: number;
  /** Threads that train (this one included); the trees are the same for any number. */
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

/**
 * Log loss (the mean negative log probability of the true class), or RMSE for a regression, over
 * every `step`-th row.
 */
export function boostingLoss(
  task: BoostingTask,
  scores: Float64Array,
  targets: Float64Array,
  outputs: number,
  step = 1,
): number {
  const rows = Math.ceil(targets.length / step);
  if (rows === 0) return Number.NaN;
  let total = 0;
  if (task === 'regression') {
    for (let row = 0; row < targets.length; row += step)
      total += ((scores[row] as number) - (targets[row] as number)) ** 2;
    return Math.sqrt(total / rows);
  }
  const probabilities = new Float64Array(outputs);
  for (let row = 0; row < targets.length; row += step) {
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

/**
 * The training loss each round is measured on at most this many rows, evenly spaced: it is shown
 * as progress, and measuring every row of a large table each round would cost a tenth of training.
 */
export const LOSS_SAMPLE = 10_000;

function lossStep(rows: number): number {
  return Math.max(1, Math.floor(rows / LOSS_SAMPLE));
}

function sampledFeatures(width: number, share: number, random: () => number): Int32Array {
  if (share >= 1) return Int32Array.from({ length: width }, (_, feature) => feature);
  const count = Math.max(1, Math.round(width * share));
  return Int32Array.from(shuffledIndices(width, random).subarray(0, count)).sort();
}

/**
 * Samples the rows of a tree into each shard's stretch of `order`, in row order; returns them as
 * the root's ranges and their count. With every row taken, the root task lays them out itself,
 * on every thread.
 */
function sampleRows(
  layout: TrainingLayout,
  share: number,
  random: () => number,
  order: Uint32Array,
): { root: NodeRanges; count: number } {
  const { bounds, shards } = layout;
  const starts = bounds.slice(0, shards);
  if (share >= 1) return { root: { starts, ends: bounds.slice(1) }, count: layout.rows };
  const ends = bounds.slice(0, shards);
  for (let shard = 0; shard < shards; shard++) {
    let end = ends[shard] as number;
    for (let row = bounds[shard] as number; row < (bounds[shard + 1] as number); row++)
      if (random() < share) order[end++] = row;
    ends[shard] = end;
  }
  let count = 0;
  for (let shard = 0; shard < shards; shard++) count += (ends[shard] as number) - (starts[shard] as number);
  return { root: { starts, ends }, count };
}

function thresholdFinder(bins: readonly FeatureBins[]) {
  return (feature: number, bin: number) => {
    const featureBins = bins[feature] as FeatureBins;
    return featureBins.kind === 'numeric' ? (featureBins.edges[bin] as number) : bin;
  };
}

/** Every row took part in the tree: each leaf's value goes to the rows growing placed in it, shard by shard on every thread. */
function addLeafValues(engine: ShardEngine, grown: GrownTree): void {
  const { layout, views } = engine.context;
  grown.leaves.forEach((leaf, index) => {
    views.leafValues[index] = grown.tree.value[leaf.node] as number;
    for (let shard = 0; shard < layout.shards; shard++) {
      views.leafRanges[(index * layout.shards + shard) * 2] = leaf.starts[shard] as number;
      views.leafRanges[(index * layout.shards + shard) * 2 + 1] = leaf.ends[shard] as number;
    }
  });
  views.control[CONTROL.leafCount] = grown.leaves.length;
  engine.run(TASK.scores);
}

/** A training whose memory is reserved and whose helper threads are starting while its rows are prepared. */
export interface BoostingStart {
  /** Where the training rows' feature values go: row-major, as featureValues writes them. */
  values: Float64Array;
  /** Trains on the values written, with these bins and targets. */
  train(bins: FeatureBins[], targets: Float64Array, onRound?: RoundListener, heldOut?: BoostingRows): BoostedTrees;
  /** Stops the helper threads; call it however training ended. */
  close(): void;
}

/**
 * Starts gradient boosting of regression trees on binned features (as XGBoost's `hist`): each
 * round fits one tree per output to the loss's gradients and hessians on a sample of rows and
 * features. Deterministic for a seed, whatever the number of threads.
 */
export function startBoosting(
  task: BoostingTask,
  shape: { rows: number; width: number; outputs: number },
  settings: BoostingSettings,
): BoostingStart {
  const layout = trainingLayout({ ...shape, maxDepth: settings.maxDepth, maxLeaves: settings.maxLeaves });
  const engine = shardEngine(kernelMemory(layout.bytes), layout, settings.threads, task, settings);
  return {
    values: engine.context.views.values,
    train: (bins, targets, onRound, heldOut) =>
      trainBoostedTrees(engine, task, bins, targets, shape.outputs, settings, onRound, heldOut),
    close: () => engine.close(),
  };
}

function trainBoostedTrees(
  engine: ShardEngine,
  task: BoostingTask,
  bins: FeatureBins[],
  targets: Float64Array,
  outputs: number,
  settings: BoostingSettings,
  onRound?: RoundListener,
  heldOut?: BoostingRows,
): BoostedTrees {
  const width = bins.length;
  const { layout } = engine.context;
  const { rows } = layout;
  engine.setBins(bins);
  const { views } = engine.context;
  const { codes, order, scores, control } = views;
  views.targets.set(targets);
  const heldOutCodes = heldOut && heldOut.rows > 0 ? binCodes(bins, heldOut.values, heldOut.rows) : null;
  const base = baseScores(task, targets, outputs);
  for (let row = 0; row < rows; row++) scores.set(base, row * outputs);
  const heldOutScores = new Float64Array((heldOut?.rows ?? 0) * outputs);
  for (let row = 0; row < (heldOut?.rows ?? 0); row++) heldOutScores.set(base, row * outputs);
  const grower = new TreeGrower(engine, settings, thresholdFinder(bins));
  const random = seededRandom(settings.seed);
  const trees: Tree[] = [];
  const treeGains: Float64Array[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestRounds = 0;
  engine.run(TASK.bin);
  for (let round = 0; round < settings.rounds; round++) {
    engine.run(TASK.gradients);
    const sampled = sampleRows(layout, settings.subsample, random, order);
    const everyRow = sampled.count === rows;
    control[CONTROL.everyRow] = everyRow ? 1 : 0;
    // Growing a tree reorders the rows; each output's tree starts from the same sample.
    const sample = outputs > 1 && !everyRow ? order.slice(0, rows) : null;
    for (let output = 0; output < outputs; output++) {
      control[CONTROL.output] = output;
      if (sample && output > 0) order.set(sample);
      const features = sampledFeatures(width, settings.colsampleByTree, random);
      const grown = grower.grow(sampled.root, features);
      trees.push(grown.tree);
      treeGains.push(grown.gains);
      if (everyRow) addLeafValues(engine, grown);
      else
        for (let row = 0; row < rows; row++) {
          const at = row * outputs + output;
          scores[at] =
            (scores[at] as number) +
            (grown.tree.value[leafOfCodes(grown.tree, codes, row * QUAD_FEATURES, rows * QUAD_FEATURES)] as number);
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
    const keepGoing = onRound?.(round + 1, boostingLoss(task, scores, targets, outputs, lossStep(rows)), heldOutLoss);
    if (keepGoing === false) break;
    if (
      settings.earlyStoppingRounds > 0 &&
      heldOutLoss !== null &&
      round + 1 - bestRounds >= settings.earlyStoppingRounds
    )
      break;
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
  const { outputs, baseScores: base } = model;
  const scores = sumTreeScores(model.trees, outputs, values, rows, model.bins.length);
  for (let row = 0; row < rows; row++)
    for (let output = 0; output < outputs; output++)
      scores[row * outputs + output] = Math.fround(
        (scores[row * outputs + output] as number) + (base[output] as number),
      );
  return scores;
}
