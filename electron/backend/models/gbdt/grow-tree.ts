import { MISSING_BIN } from './binning.js';
import { type BinnedRows, type HistogramBuilder, newHistogram, subtractInto } from './histogram.js';
import { bestSplit, type FeatureLayout, type Split, type SplitSettings } from './split-finder.js';
import { type Tree, TreeBuilder } from './tree.js';

export interface GrowSettings extends SplitSettings {
  maxDepth: number;
  /** 0 for no limit beyond the depth. */
  maxLeaves: number;
  learningRate: number;
}

/** A leaf that may still split: its rows `order[start..end)`, sums, histogram and best split. */
interface Candidate {
  node: number;
  start: number;
  end: number;
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
    const histogram = this.free.pop();
    if (!histogram) return newHistogram(this.width);
    histogram.fill(0);
    return histogram;
  }
  give(histogram: Float64Array): void {
    this.free.push(histogram);
  }
}

/**
 * Moves the rows going left to the front of `order[start..end)`, keeping their order; returns
 * where the right rows begin. Each row is written to both sides and only one position advances:
 * on shuffled data a branch per row would be mispredicted half the time.
 */
function partition(
  data: BinnedRows,
  order: Uint32Array,
  scratch: Uint32Array,
  start: number,
  end: number,
  split: Split,
): number {
  const column = data.columns.subarray(split.feature * data.rows, (split.feature + 1) * data.rows);
  const { bin, categorical } = split;
  const missingLeft = !categorical && split.defaultLeft ? 1 : 0;
  let left = start;
  let right = 0;
  for (let index = start; index < end; index++) {
    const row = order[index] as number;
    const code = column[row] as number;
    const goesLeft = categorical ? +(code === bin) : +(code <= bin) | (+(code === MISSING_BIN) & missingLeft);
    order[left] = row;
    scratch[right] = row;
    left += goesLeft;
    right += 1 - goesLeft;
  }
  order.set(scratch.subarray(0, right), left);
  return left;
}

export interface GrownTree {
  tree: Tree;
  /** Each leaf's node and its rows `order[start..end)`. */
  leaves: { node: number; start: number; end: number }[];
  /** Loss reduction per feature over the tree's splits. */
  gains: Float64Array;
}

/**
 * Grows trees on the rows `order[0..count)` best split first (as LightGBM does), within the
 * depth and leaf limits: only the smaller child's histogram is built, the larger one's is its
 * parent's minus it. Leaf values are the Newton step -G / (H + λ), scaled by the learning rate.
 * One grower serves every tree of a training, reusing its buffers.
 */
export class TreeGrower {
  private readonly pool: HistogramPool;
  private readonly scratch: Uint32Array;

  constructor(
    private readonly data: BinnedRows,
    private readonly order: Uint32Array,
    private readonly layout: FeatureLayout,
    private readonly settings: GrowSettings,
    private readonly buildHistogram: HistogramBuilder,
    private readonly thresholdOf: (feature: number, bin: number) => number,
  ) {
    this.pool = new HistogramPool(data.width);
    this.scratch = new Uint32Array(order.length);
  }

  grow(count: number, features: Int32Array): GrownTree {
    const { data, order, layout, settings, pool } = this;
    const builder = new TreeBuilder();
    const gains = new Float64Array(data.width);
    let gradient = 0;
    let hessian = 0;
    for (let index = 0; index < count; index++) {
      const row = order[index] as number;
      gradient += data.gradients[row] as number;
      hessian += data.hessians[row] as number;
    }
    const maxLeaves = settings.maxLeaves > 0 ? settings.maxLeaves : Number.POSITIVE_INFINITY;
    const withSplit = (candidate: Omit<Candidate, 'split'>): Candidate => ({
      ...candidate,
      split:
        candidate.depth < settings.maxDepth && maxLeaves > 1
          ? bestSplit(candidate.histogram, candidate.gradient, candidate.hessian, features, layout, settings)
          : null,
    });
    const rootHistogram = pool.take();
    this.buildHistogram(order, 0, count, features, rootHistogram);
    const open: Candidate[] = [
      withSplit({
        node: builder.addLeaf(0),
        start: 0,
        end: count,
        depth: 0,
        gradient,
        hessian,
        histogram: rootHistogram,
      }),
    ];
    const closed: Candidate[] = [];
    let leaves = 1;
    while (leaves < maxLeaves) {
      let pick = -1;
      for (let index = 0; index < open.length; index++) {
        const gain = open[index]?.split?.gain;
        if (gain !== undefined && (pick < 0 || gain > (open[pick]?.split?.gain as number))) pick = index;
      }
      if (pick < 0) break;
      const parent = open.splice(pick, 1)[0] as Candidate;
      const split = parent.split as Split;
      const middle = partition(data, order, this.scratch, parent.start, parent.end, split);
      const [leftNode, rightNode] = builder.split(parent.node, {
        feature: split.feature,
        categorical: split.categorical,
        bin: split.bin,
        threshold: this.thresholdOf(split.feature, split.bin),
        defaultLeft: split.defaultLeft,
      });
      gains[split.feature] = (gains[split.feature] as number) + split.gain;
      leaves += 1;
      const leftIsSmaller = middle - parent.start <= parent.end - middle;
      const small = pool.take();
      if (leftIsSmaller) this.buildHistogram(order, parent.start, middle, features, small);
      else this.buildHistogram(order, middle, parent.end, features, small);
      subtractInto(parent.histogram, small);
      const depth = parent.depth + 1;
      const left = {
        node: leftNode,
        start: parent.start,
        end: middle,
        depth,
        gradient: split.leftGradient,
        hessian: split.leftHessian,
        histogram: leftIsSmaller ? small : parent.histogram,
      };
      const right = {
        node: rightNode,
        start: middle,
        end: parent.end,
        depth,
        gradient: parent.gradient - split.leftGradient,
        hessian: parent.hessian - split.leftHessian,
        histogram: leftIsSmaller ? parent.histogram : small,
      };
      for (const child of [left, right]) {
        const candidate = withSplit(child);
        if (candidate.split) open.push(candidate);
        else closed.push(candidate);
      }
    }
    const leafCandidates = [...open, ...closed];
    for (const leaf of leafCandidates) {
      pool.give(leaf.histogram);
      builder.setValue(leaf.node, (-leaf.gradient / (leaf.hessian + settings.lambda)) * settings.learningRate);
    }
    return {
      tree: builder.build(),
      gains,
      leaves: leafCandidates.map(({ node, start, end }) => ({ node, start, end })),
    };
  }
}
