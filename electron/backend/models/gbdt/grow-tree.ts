import { HISTOGRAM_STRIDE, newHistogram, subtractInto, sumShards } from './histogram.js';
import { CONTROL, ITEM, RANGE, rangeSlot, shardHistogram, TASK, type TrainingLayout } from './row-shards.js';
import type { ShardEngine } from './shard-engine.js';
import { bestSplit, type FeatureLayout, type Split, type SplitSettings } from './split-finder.js';
import { type Tree, TreeBuilder } from './tree.js';

export interface GrowSettings extends SplitSettings {
  maxDepth: number;
  /** 0 for no limit beyond the depth. */
  maxLeaves: number;
  learningRate: number;
}

/** A node's rows: in each shard, the positions [starts[s], ends[s]) of `order`. */
export interface NodeRanges {
  starts: Int32Array;
  ends: Int32Array;
}

/** A leaf that may still split: its rows, sums, histogram and best split. */
interface Candidate extends NodeRanges {
  node: number;
  depth: number;
  gradient: number;
  hessian: number;
  histogram: Float64Array;
  split: Split | null;
}

/** Recycles histogram buffers: a tree needs one per open leaf. */
class HistogramPool {
  private readonly free: Float64Array[] = [];
  constructor(private readonly width: number) {}
  take(): Float64Array {
    return this.free.pop() ?? newHistogram(this.width);
  }
  give(histogram: Float64Array): void {
    this.free.push(histogram);
  }
}

export interface GrownTree {
  tree: Tree;
  /** Each leaf's node and its rows. */
  leaves: (NodeRanges & { node: number })[];
  /** Loss reduction per feature over the tree's splits. */
  gains: Float64Array;
}

/** The gradient and hessian sums of a node: every row falls in one bin of any feature. */
function histogramSums(histogram: Float64Array, feature: number): { gradient: number; hessian: number } {
  let gradient = 0;
  let hessian = 0;
  const base = feature * HISTOGRAM_STRIDE;
  for (let slot = base; slot < base + HISTOGRAM_STRIDE; slot += 2) {
    gradient += histogram[slot] as number;
    hessian += histogram[slot + 1] as number;
  }
  return { gradient, hessian };
}

/**
 * Grows trees on the sampled rows best split first (as LightGBM does), within the depth and leaf
 * limits: only the smaller child's histogram is summed (the one with less hessian), the other's
 * is its parent's minus it. Without a leaf limit every open leaf splits at once, a level per task,
 * which grows the same tree with fewer hand-offs between threads. Leaf values are the Newton step
 * -G / (H + λ), scaled by the learning rate. One grower serves every tree of a training.
 */
export class TreeGrower {
  private readonly pool: HistogramPool;
  private readonly shardHistograms: Float64Array[][];

  constructor(
    private readonly engine: ShardEngine,
    private readonly layout: TrainingLayout,
    private readonly features: FeatureLayout,
    private readonly settings: GrowSettings,
    private readonly thresholdOf: (feature: number, bin: number) => number,
    buffer: SharedArrayBuffer,
  ) {
    this.pool = new HistogramPool(layout.width);
    this.shardHistograms = Array.from({ length: layout.maxItems }, (_, item) =>
      Array.from(
        { length: layout.shards },
        (_, shard) => new Float64Array(buffer, shardHistogram(layout, item, shard), layout.width * HISTOGRAM_STRIDE),
      ),
    );
  }

  /** Grows a tree on the rows `root` over the listed features; the pairs must be filled. */
  grow(root: NodeRanges, features: Int32Array): GrownTree {
    const { engine, layout, settings, pool } = this;
    const { control, items, ranges } = engine.views;
    const builder = new TreeBuilder();
    const gains = new Float64Array(layout.width);
    engine.views.features.set(features);
    control[CONTROL.featureCount] = features.length;
    for (let shard = 0; shard < layout.shards; shard++) {
      const slot = rangeSlot(layout, 0, shard);
      ranges[slot + RANGE.start] = root.starts[shard] as number;
      ranges[slot + RANGE.end] = root.ends[shard] as number;
    }
    engine.run(TASK.root);
    const rootHistogram = pool.take();
    sumShards(rootHistogram, this.shardHistograms[0] as Float64Array[], features);
    const maxLeaves = settings.maxLeaves > 0 ? settings.maxLeaves : Number.POSITIVE_INFINITY;
    const withSplit = (candidate: Omit<Candidate, 'split'>): Candidate => ({
      ...candidate,
      split:
        candidate.depth < settings.maxDepth && maxLeaves > 1
          ? bestSplit(candidate.histogram, candidate.gradient, candidate.hessian, features, this.features, settings)
          : null,
    });
    const open: Candidate[] = [];
    const closed: Candidate[] = [];
    const place = (child: Omit<Candidate, 'split'>) => {
      const candidate = withSplit(child);
      if (candidate.split) open.push(candidate);
      else closed.push(candidate);
    };
    place({
      node: builder.addLeaf(0),
      starts: root.starts,
      ends: root.ends,
      depth: 0,
      ...histogramSums(rootHistogram, features[0] as number),
      histogram: rootHistogram,
    });
    let leaves = 1;
    for (;;) {
      const batch = this.nextBatch(open, maxLeaves - leaves);
      if (batch.length === 0) break;
      batch.forEach((parent, item) => {
        const split = parent.split as Split;
        const at = item * ITEM.stride;
        items[at + ITEM.feature] = split.feature;
        items[at + ITEM.bin] = split.bin;
        items[at + ITEM.categorical] = split.categorical ? 1 : 0;
        items[at + ITEM.missingLeft] = !split.categorical && split.defaultLeft ? 1 : 0;
        items[at + ITEM.buildLeft] = split.leftHessian <= parent.hessian - split.leftHessian ? 1 : 0;
        for (let shard = 0; shard < layout.shards; shard++) {
          const slot = rangeSlot(layout, item, shard);
          ranges[slot + RANGE.start] = parent.starts[shard] as number;
          ranges[slot + RANGE.end] = parent.ends[shard] as number;
        }
      });
      control[CONTROL.items] = batch.length;
      engine.run(TASK.split);
      batch.forEach((parent, item) => {
        const split = parent.split as Split;
        const middles = Int32Array.from(
          { length: layout.shards },
          (_, shard) => ranges[rangeSlot(layout, item, shard) + RANGE.middle] as number,
        );
        const [leftNode, rightNode] = builder.split(parent.node, {
          feature: split.feature,
          categorical: split.categorical,
          bin: split.bin,
          threshold: this.thresholdOf(split.feature, split.bin),
          defaultLeft: split.defaultLeft,
        });
        gains[split.feature] = (gains[split.feature] as number) + split.gain;
        leaves += 1;
        const leftIsBuilt = items[item * ITEM.stride + ITEM.buildLeft] === 1;
        const built = pool.take();
        sumShards(built, this.shardHistograms[item] as Float64Array[], features);
        subtractInto(parent.histogram, built, features);
        const depth = parent.depth + 1;
        const left = {
          node: leftNode,
          starts: parent.starts,
          ends: middles,
          depth,
          gradient: split.leftGradient,
          hessian: split.leftHessian,
          histogram: leftIsBuilt ? built : parent.histogram,
        };
        const right = {
          node: rightNode,
          starts: middles,
          ends: parent.ends,
          depth,
          gradient: parent.gradient - split.leftGradient,
          hessian: parent.hessian - split.leftHessian,
          histogram: leftIsBuilt ? parent.histogram : built,
        };
        place(left);
        place(right);
      });
    }
    const leafCandidates = [...open, ...closed];
    for (const leaf of leafCandidates) {
      pool.give(leaf.histogram);
      builder.setValue(leaf.node, (-leaf.gradient / (leaf.hessian + settings.lambda)) * settings.learningRate);
    }
    return {
      tree: builder.build(),
      gains,
      leaves: leafCandidates.map(({ node, starts, ends }) => ({ node, starts, ends })),
    };
  }

  /**
   * The open leaves to split next, taken out of `open`: the one with the best gain while a leaf
   * limit applies (`room` more leaves), else all of them, as many as one task holds.
   */
  private nextBatch(open: Candidate[], room: number): Candidate[] {
    if (room <= 0 || open.length === 0) return [];
    if (Number.isFinite(room)) {
      let pick = 0;
      for (let index = 1; index < open.length; index++)
        if ((open[index]?.split?.gain as number) > (open[pick]?.split?.gain as number)) pick = index;
      return open.splice(pick, 1);
    }
    return open.splice(0, this.layout.maxItems);
  }
}
