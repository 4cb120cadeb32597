import { QUAD_FEATURES } from './binning.js';
import { BUILD, CONTROL, ITEM, RANGE, rangeSlot, TASK } from './row-shards.js';
import type { ShardEngine } from './shard-engine.js';
import type { Split, SplitSettings } from './split.js';
import { UNIT } from './split-units.js';
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

/** A leaf of the growing tree: its rows, sums, and while it may split, its histogram and best split. */
interface Candidate extends NodeRanges {
  node: number;
  depth: number;
  gradient: number;
  hessian: number;
  /** The number of its histogram among the engine's node histograms, -1 once not needed. */
  histogram: number;
  split: Split | null;
}

export interface GrownTree {
  tree: Tree;
  /** Each leaf's node and its rows. */
  leaves: (NodeRanges & { node: number })[];
  /** Loss reduction per feature over the tree's splits. */
  gains: Float64Array;
}

/** A node waiting for its histogram and best split from a find task. */
type Pending = Omit<Candidate, 'split'>;

/**
 * Grows trees on the sampled rows best split first (as LightGBM does), within the depth and leaf
 * limits: only the child with less hessian has its histogram summed, the other's is its
 * parent's minus it, and children that may not split get none. Without a leaf limit every open
 * leaf splits at once, a level per task, which grows the same tree with fewer hand-offs between
 * threads. Leaf values are the Newton step -G / (H + λ), scaled by the learning rate. One grower
 * serves every tree of a training.
 */
export class TreeGrower {
  constructor(
    private readonly engine: ShardEngine,
    private readonly settings: GrowSettings,
    private readonly thresholdOf: (feature: number, bin: number) => number,
  ) {}

  /** Grows a tree on the rows `root` over the listed features; the pairs must be filled. */
  grow(root: NodeRanges, features: Int32Array): GrownTree {
    const { engine, settings } = this;
    const { layout, views } = engine.context;
    const { control, items, ranges } = views;
    const builder = new TreeBuilder();
    const gains = new Float64Array(layout.width);
    const maxLeaves = settings.maxLeaves > 0 ? settings.maxLeaves : Number.POSITIVE_INFINITY;
    const maySplit = (depth: number) => depth < settings.maxDepth && maxLeaves > 1;
    views.features.set(features);
    control[CONTROL.featureCount] = features.length;
    const quads = [...new Set(Array.from(features, (feature) => Math.floor(feature / QUAD_FEATURES)))].sort(
      (a, b) => a - b,
    );
    views.quads.set(quads);
    control[CONTROL.quadCount] = quads.length;
    for (let shard = 0; shard < layout.shards; shard++) {
      const slot = rangeSlot(layout, 0, shard);
      ranges[slot + RANGE.start] = root.starts[shard] as number;
      ranges[slot + RANGE.end] = root.ends[shard] as number;
    }
    engine.run(TASK.root);
    const open: Candidate[] = [];
    const closed: Candidate[] = [];
    const place = (candidate: Candidate) => {
      if (candidate.split && maySplit(candidate.depth)) open.push(candidate);
      else {
        if (candidate.histogram >= 0) engine.histograms.give(candidate.histogram);
        closed.push({ ...candidate, histogram: -1, split: null });
      }
    };
    const rootNode: Pending = {
      node: builder.addLeaf(0),
      ...root,
      depth: 0,
      gradient: Number.NaN,
      hessian: Number.NaN,
      histogram: engine.histograms.take(),
    };
    for (const candidate of this.find([{ node: rootNode, item: 0, fromShards: true }])) place(candidate);
    let leaves = 1;
    for (;;) {
      const batch = this.nextBatch(open, maxLeaves - leaves);
      if (batch.length === 0) break;
      const childrenMaySplit = batch.map((parent) => maySplit(parent.depth + 1));
      batch.forEach((parent, item) => {
        const split = parent.split as Split;
        const at = item * ITEM.stride;
        items[at + ITEM.feature] = split.feature;
        items[at + ITEM.bin] = split.bin;
        items[at + ITEM.categorical] = split.categorical ? 1 : 0;
        items[at + ITEM.missingLeft] = !split.categorical && split.defaultLeft ? 1 : 0;
        items[at + ITEM.build] = !childrenMaySplit[item]
          ? BUILD.none
          : split.leftHessian <= parent.hessian - split.leftHessian
            ? BUILD.left
            : BUILD.right;
        for (let shard = 0; shard < layout.shards; shard++) {
          const slot = rangeSlot(layout, item, shard);
          ranges[slot + RANGE.start] = parent.starts[shard] as number;
          ranges[slot + RANGE.end] = parent.ends[shard] as number;
        }
      });
      control[CONTROL.items] = batch.length;
      engine.run(TASK.split);
      const pending: { node: Pending; item: number; fromShards: boolean }[] = [];
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
        const depth = parent.depth + 1;
        const left: Pending = {
          node: leftNode,
          starts: parent.starts,
          ends: middles,
          depth,
          gradient: split.leftGradient,
          hessian: split.leftHessian,
          histogram: -1,
        };
        const right: Pending = {
          node: rightNode,
          starts: middles,
          ends: parent.ends,
          depth,
          gradient: parent.gradient - split.leftGradient,
          hessian: parent.hessian - split.leftHessian,
          histogram: -1,
        };
        if (!childrenMaySplit[item]) {
          engine.histograms.give(parent.histogram);
          place({ ...left, split: null });
          place({ ...right, split: null });
          return;
        }
        const [built, rest] = items[item * ITEM.stride + ITEM.build] === BUILD.left ? [left, right] : [right, left];
        built.histogram = engine.histograms.take();
        rest.histogram = parent.histogram;
        pending.push({ node: built, item, fromShards: true }, { node: rest, item, fromShards: false });
      });
      for (const candidate of this.find(pending)) place(candidate);
    }
    const leafCandidates = [...open, ...closed];
    for (const leaf of leafCandidates) {
      if (leaf.histogram >= 0) engine.histograms.give(leaf.histogram);
      builder.setValue(leaf.node, (-leaf.gradient / (leaf.hessian + settings.lambda)) * settings.learningRate);
    }
    return {
      tree: builder.build(),
      gains,
      leaves: leafCandidates.map(({ node, starts, ends }) => ({ node, starts, ends })),
    };
  }

  /** Makes the nodes' histograms from the last task's shard histograms and finds their best splits, on every thread. */
  private find(nodes: { node: Pending; item: number; fromShards: boolean }[]): Candidate[] {
    if (nodes.length === 0) return [];
    const { units, control } = this.engine.context.views;
    nodes.forEach(({ node, item, fromShards }, unit) => {
      const at = unit * UNIT.stride;
      units[at + UNIT.histogram] = node.histogram;
      units[at + UNIT.item] = item;
      units[at + UNIT.fromShards] = fromShards ? 1 : 0;
      units[at + UNIT.gradient] = node.gradient;
      units[at + UNIT.hessian] = node.hessian;
    });
    control[CONTROL.units] = nodes.length;
    this.engine.run(TASK.find);
    return nodes.map(({ node }, unit) => {
      const at = unit * UNIT.stride;
      return {
        ...node,
        gradient: units[at + UNIT.gradient] as number,
        hessian: units[at + UNIT.hessian] as number,
        split: units[at + UNIT.found]
          ? {
              feature: units[at + UNIT.feature] as number,
              bin: units[at + UNIT.bin] as number,
              categorical: units[at + UNIT.categorical] === 1,
              defaultLeft: units[at + UNIT.defaultLeft] === 1,
              gain: units[at + UNIT.gain] as number,
              leftGradient: units[at + UNIT.leftGradient] as number,
              leftHessian: units[at + UNIT.leftHessian] as number,
            }
          : null,
      };
    });
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
    return open.splice(0, this.engine.context.layout.maxItems);
  }
}
