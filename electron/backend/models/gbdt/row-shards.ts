import { QUAD_FEATURES, quadCount } from './binning.js';
import { HISTOGRAM_STRIDE } from './histogram.js';
import { BlockAllocator, type GbdtKernel, type KernelMemory } from './kernel.js';

/**
 * Training rows are cut into shards by row number; each shard keeps its rows' positions in its
 * own stretch of `order`, is partitioned and summed on its own, and one thread serves it. The
 * count depends on the rows only, never on the threads, so the trees are the same on any machine.
 */
const MAX_SHARDS = 2;
/** Fewer rows than this stay in one shard: a helper thread would cost more than it saves. */
const SHARDED_ROWS = 50_000;

function shardCount(rows: number): number {
  return rows >= SHARDED_ROWS ? MAX_SHARDS : 1;
}

/** Where each shard's rows begin, and the row count at the end: shards + 1 numbers. */
function shardBounds(rows: number, shards: number): Int32Array {
  return Int32Array.from({ length: shards + 1 }, (_, shard) => Math.floor((rows * shard) / shards));
}

/** The bytes a feature's histogram takes: a (gradient, hessian) pair of doubles per bin. */
const FEATURE_HISTOGRAM_BYTES = HISTOGRAM_STRIDE * 8;

/**
 * A row's (gradient, hessian) is two 32-bit floats, as XGBoost keeps them: half the bytes to move
 * with each row; histograms still sum them in doubles.
 */
export const PAIR_BYTES = 8;

/** Slots of the control block the trainer and its helpers share. */
export const CONTROL = {
  /** Incremented for each task (and to stop); helpers wait on it. */
  generation: 0,
  /** How many helpers finished the current task. */
  done: 1,
  stop: 2,
  /** Set by a helper whose work failed. */
  failed: 3,
  kind: 4,
  items: 5,
  featureCount: 6,
  /** How many nodes a find task has. */
  units: 7,
  /** The output whose tree is being grown. */
  output: 8,
  /** How many leaves a scores task adds. */
  leafCount: 9,
  /** 1 when every row is in the tree: the root task lays out `order` itself. */
  everyRow: 10,
  /** How many feature quads hold a listed feature. */
  quadCount: 11,
  size: 12,
} as const;

export const TASK = {
  /** Gather the sampled rows' pairs in order and sum the root's histogram (item 0). */
  root: 0,
  /** Partition each item's node and sum the histogram of the child it names. */
  split: 1,
  /** Make each unit's node histogram from the shards' and find its best split (see split-units). */
  find: 2,
  /** Bin each shard's rows' values into codes. */
  bin: 3,
  /** Fill each shard's rows' gradient pairs, every output's, from the scores. */
  gradients: 4,
  /** Add each leaf's value to the scores of its rows in each shard. */
  scores: 5,
} as const;

/** Per item: how its node splits and which child's histogram to sum (BUILD). */
export const ITEM = { feature: 0, bin: 1, categorical: 2, missingLeft: 3, build: 4, stride: 8 } as const;
export const BUILD = { none: 0, left: 1, right: 2 } as const;
/** Per item and shard: the node's rows at positions [start, end), and where its right child begins once split. */
export const RANGE = { start: 0, end: 1, middle: 2, stride: 4 } as const;

/** Where everything of one training lives in the kernel's memory (byte addresses). */
export interface TrainingLayout {
  rows: number;
  width: number;
  outputs: number;
  shards: number;
  /** The most leaves a tree can have. */
  maxLeaves: number;
  /** The most nodes one task splits. */
  maxItems: number;
  bounds: Int32Array;
  /** The rows' feature values, row-major (see featureValues). */
  values: number;
  targets: number;
  /** Each row's scores, rows x outputs. */
  scores: number;
  /** Bin codes in quads of features (see binCodes). */
  codes: number;
  /** Features a shard histogram has room for: every quad's four. */
  histogramWidth: number;
  /** Each row's (gradient, hessian) per output as two floats: output k's rows from pairs + k * rows * PAIR_BYTES. */
  pairs: number;
  /** Row numbers by position: each node's rows in a stretch of each shard. */
  order: number;
  /** The pairs by position, moved with the rows, so summing reads them in order. */
  ordered: number;
  spare: number;
  spareOrdered: number;
  features: number;
  /** Per feature: how many value bins it has (i32), and 1 when it is categorical (a byte). */
  valueBins: number;
  categorical: number;
  /** The quads that hold a listed feature, in order. */
  quads: number;
  control: number;
  items: number;
  ranges: number;
  histograms: number;
  units: number;
  /** A grown tree's leaves for a scores task: each one's value, and its rows in each shard (start, end). */
  leafValues: number;
  leafRanges: number;
  /** Where the node histograms begin (see NodeHistograms); the memory grows past `bytes` for more. */
  nodeHistograms: number;
  bytes: number;
}

/** Room for this many node histograms is made up front; deeper trees grow the memory. */
const INITIAL_NODE_HISTOGRAMS = 64;

/** Shard histogram buffers are capped at this many bytes, which bounds how many nodes one task splits. */
const HISTOGRAM_BUDGET = 32 * 2 ** 20;

/** A find task has a unit per child of each split item, or the root alone. */
function maxUnits(maxItems: number): number {
  return 2 * maxItems;
}
/** A unit's slots are doubles (see split-units). */
const UNIT_BYTES = 16 * 8;

/** What sizes a training's memory. */
interface TrainingShape {
  rows: number;
  width: number;
  outputs: number;
  maxDepth: number;
  /** 0 for no limit beyond the depth. */
  maxLeaves: number;
}

/** The most leaves a tree can have. */
function maxTreeLeaves({ rows, maxDepth, maxLeaves }: TrainingShape): number {
  return Math.max(1, Math.min(2 ** Math.min(maxDepth, 30), maxLeaves > 0 ? maxLeaves : rows, rows));
}

export function trainingLayout(shape: TrainingShape): TrainingLayout {
  const { rows, width, outputs, maxDepth } = shape;
  const shards = shardCount(rows);
  const leaves = maxTreeLeaves(shape);
  const histogramWidth = quadCount(width) * QUAD_FEATURES;
  const perItem = shards * histogramWidth * FEATURE_HISTOGRAM_BYTES;
  const maxItems = Math.max(1, Math.min(2 ** Math.min(maxDepth - 1, 16), Math.floor(HISTOGRAM_BUDGET / perItem)));
  const blocks = new BlockAllocator();
  const layout = {
    rows,
    width,
    outputs,
    shards,
    maxItems,
    maxLeaves: leaves,
    bounds: shardBounds(rows, shards),
    values: blocks.take(rows * width * 8),
    targets: blocks.take(rows * 8),
    scores: blocks.take(rows * outputs * 8),
    codes: blocks.take(rows * histogramWidth),
    histogramWidth,
    pairs: blocks.take(outputs * rows * PAIR_BYTES),
    order: blocks.take(rows * 4),
    ordered: blocks.take(rows * PAIR_BYTES),
    spare: blocks.take(rows * 4),
    spareOrdered: blocks.take(rows * PAIR_BYTES),
    features: blocks.take(width * 4),
    valueBins: blocks.take(width * 4),
    categorical: blocks.take(width),
    quads: blocks.take(quadCount(width) * 4),
    control: blocks.take(CONTROL.size * 4),
    items: blocks.take(maxItems * ITEM.stride * 4),
    ranges: blocks.take(maxItems * shards * RANGE.stride * 4),
    histograms: blocks.take(maxItems * perItem),
    units: blocks.take(maxUnits(maxItems) * UNIT_BYTES),
    leafValues: blocks.take(leaves * 8),
    leafRanges: blocks.take(leaves * shards * 2 * 4),
    nodeHistograms: 0,
    bytes: 0,
  };
  layout.nodeHistograms = blocks.take(Math.min(leaves, INITIAL_NODE_HISTOGRAMS) * width * FEATURE_HISTOGRAM_BYTES);
  layout.bytes = blocks.used;
  return layout;
}

/** Typed views of a layout's blocks. */
export interface TrainingViews {
  values: Float64Array;
  targets: Float64Array;
  scores: Float64Array;
  codes: Uint8Array;
  pairs: Float32Array;
  order: Uint32Array;
  features: Int32Array;
  valueBins: Int32Array;
  categorical: Uint8Array;
  quads: Int32Array;
  control: Int32Array;
  items: Int32Array;
  ranges: Int32Array;
  units: Float64Array;
  leafValues: Float64Array;
  leafRanges: Int32Array;
}

export function trainingViews(memory: KernelMemory, layout: TrainingLayout): TrainingViews {
  const { buffer } = memory;
  return {
    values: new Float64Array(buffer, layout.values, layout.rows * layout.width),
    targets: new Float64Array(buffer, layout.targets, layout.rows),
    scores: new Float64Array(buffer, layout.scores, layout.rows * layout.outputs),
    codes: new Uint8Array(buffer, layout.codes, layout.rows * layout.histogramWidth),
    pairs: new Float32Array(buffer, layout.pairs, layout.outputs * layout.rows * 2),
    order: new Uint32Array(buffer, layout.order, layout.rows),
    features: new Int32Array(buffer, layout.features, layout.width),
    valueBins: new Int32Array(buffer, layout.valueBins, layout.width),
    categorical: new Uint8Array(buffer, layout.categorical, layout.width),
    quads: new Int32Array(buffer, layout.quads, quadCount(layout.width)),
    control: new Int32Array(buffer, layout.control, CONTROL.size),
    items: new Int32Array(buffer, layout.items, layout.maxItems * ITEM.stride),
    ranges: new Int32Array(buffer, layout.ranges, layout.maxItems * layout.shards * RANGE.stride),
    units: new Float64Array(buffer, layout.units, (maxUnits(layout.maxItems) * UNIT_BYTES) / 8),
    leafValues: new Float64Array(buffer, layout.leafValues, layout.maxLeaves),
    leafRanges: new Int32Array(buffer, layout.leafRanges, layout.maxLeaves * layout.shards * 2),
  };
}

/** The address of a shard's histogram for an item of the task; the next shard's follows it. */
export function shardHistogram(layout: TrainingLayout, item: number, shard: number): number {
  return layout.histograms + (item * layout.shards + shard) * layout.histogramWidth * FEATURE_HISTOGRAM_BYTES;
}

export function rangeSlot(layout: TrainingLayout, item: number, shard: number): number {
  return (item * layout.shards + shard) * RANGE.stride;
}

/** Where a feature's code of row r is, less 4r (see binCodes). */
function quadColumn(layout: TrainingLayout, feature: number): number {
  const quad = Math.floor(feature / QUAD_FEATURES);
  return layout.codes + quad * layout.rows * QUAD_FEATURES + (feature % QUAD_FEATURES);
}

/** Does one shard's part of the task in the control block: the same work on whichever thread runs it. */
export function runShardTask(kernel: GbdtKernel, layout: TrainingLayout, views: TrainingViews, shard: number): void {
  const { control, items, ranges } = views;
  const quadCount = control[CONTROL.quadCount] as number;
  const accumulate = (start: number, end: number, item: number) =>
    kernel.accumulate(
      layout.order,
      layout.ordered,
      start,
      end,
      layout.codes,
      layout.rows,
      layout.quads,
      quadCount,
      shardHistogram(layout, item, shard),
    );
  if (control[CONTROL.kind] === TASK.root) {
    const slot = rangeSlot(layout, 0, shard);
    const start = ranges[slot + RANGE.start] as number;
    const end = ranges[slot + RANGE.end] as number;
    if (control[CONTROL.everyRow]) for (let index = start; index < end; index++) views.order[index] = index;
    const pairs = layout.pairs + (control[CONTROL.output] as number) * layout.rows * PAIR_BYTES;
    kernel.gather(layout.order, pairs, layout.ordered, start, end);
    accumulate(start, end, 0);
    return;
  }
  const bound = layout.bounds[shard] as number;
  for (let item = 0; item < (control[CONTROL.items] as number); item++) {
    const at = item * ITEM.stride;
    const slot = rangeSlot(layout, item, shard);
    const start = ranges[slot + RANGE.start] as number;
    const end = ranges[slot + RANGE.end] as number;
    const middle = kernel.partition(
      layout.order,
      layout.ordered,
      start,
      end,
      quadColumn(layout, items[at + ITEM.feature] as number),
      items[at + ITEM.bin] as number,
      items[at + ITEM.categorical] as number,
      items[at + ITEM.missingLeft] as number,
      layout.spare + bound * 4,
      layout.spareOrdered + bound * PAIR_BYTES,
    );
    ranges[slot + RANGE.middle] = middle;
    const build = items[at + ITEM.build];
    if (build === BUILD.left) accumulate(start, middle, item);
    else if (build === BUILD.right) accumulate(middle, end, item);
  }
}
