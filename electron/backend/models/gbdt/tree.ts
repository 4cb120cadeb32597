import { MISSING_BIN, QUAD_FEATURES } from './binning.js';

/**
 * One regression tree, node by node (node 0 the root). A split node sends a row left when its
 * feature's value is at most `threshold` (numbers) or equals it (a category's position), a missing
 * value where `defaultLeft` says; a leaf (`feature` -1) adds `value` to the row's score.
 */
export interface Tree {
  feature: Int32Array;
  categorical: Uint8Array;
  /** The split's bin: numbers with a bin code up to it go left; a category goes left when its code equals it. */
  bin: Uint8Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/**
 * The leaf a binned row reaches: its code of feature f is at codes[base + quad * quadStep + k] for
 * f = quad * 4 + k (row-major codes: base = row * width, quadStep = 4; see binCodes).
 */
export function leafOfCodes(tree: Tree, codes: Uint8Array, base: number, quadStep = QUAD_FEATURES): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) {
    const feature = tree.feature[node] as number;
    const code = codes[base + Math.floor(feature / QUAD_FEATURES) * quadStep + (feature % QUAD_FEATURES)] as number;
    const bin = tree.bin[node] as number;
    const goLeft = tree.categorical[node]
      ? code === bin
      : code === MISSING_BIN
        ? tree.defaultLeft[node] === 1
        : code <= bin;
    node = (goLeft ? tree.left[node] : tree.right[node]) as number;
  }
  return node;
}

/** A tree as it grows: nodes appended one at a time, frozen into typed arrays when done. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly categorical: number[] = [];
  private readonly bin: number[] = [];
  private readonly threshold: number[] = [];
  private readonly defaultLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly value: number[] = [];

  /** A new leaf; returns its node number. */
  addLeaf(value: number): number {
    this.feature.push(-1);
    this.categorical.push(0);
    this.bin.push(0);
    this.threshold.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    return this.feature.length - 1;
  }

  /** Turns leaf `node` into a split with two new leaves; returns [left, right]. */
  split(
    node: number,
    split: { feature: number; categorical: boolean; bin: number; threshold: number; defaultLeft: boolean },
  ): [number, number] {
    const left = this.addLeaf(0);
    const right = this.addLeaf(0);
    this.feature[node] = split.feature;
    this.categorical[node] = split.categorical ? 1 : 0;
    this.bin[node] = split.bin;
    this.threshold[node] = split.threshold;
    this.defaultLeft[node] = split.defaultLeft ? 1 : 0;
    this.left[node] = left;
    this.right[node] = right;
    return [left, right];
  }

  setValue(node: number, value: number): void {
    this.value[node] = value;
  }

  build(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      categorical: Uint8Array.from(this.categorical),
      bin: Uint8Array.from(this.bin),
      threshold: Float64Array.from(this.threshold),
      defaultLeft: Uint8Array.from(this.defaultLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
    };
  }
}
