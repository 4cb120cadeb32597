import { BlockAllocator, gbdtKernel, kernelMemory } from './kernel.js';
import type { Tree } from './tree.js';

/** Rows are scored this many at a time, so the kernel's memory stays small whatever the table. */
const CHUNK_ROWS = 2048;
const NODE_BYTES = 16;
const CATEGORICAL_BIT = 1 << 30;
const MISSING_LEFT_BIT = 1 << 31;

/** The most splits from the root to a leaf. */
function treeDepth(tree: Tree, node = 0): number {
  if ((tree.feature[node] as number) < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node] as number), treeDepth(tree, tree.right[node] as number));
}

/**
 * Writes the trees' nodes as the kernel's scoreTree reads them (a leaf leads to itself and keeps
 * its value in `leafValues`); returns where each tree begins (node numbers).
 */
function packTrees(trees: readonly Tree[], thresholds: Float64Array, words: Int32Array, leafValues: Float64Array) {
  const starts = new Int32Array(trees.length);
  let next = 0;
  trees.forEach((tree, index) => {
    starts[index] = next;
    for (let node = 0; node < tree.feature.length; node++) {
      const at = next + node;
      const feature = tree.feature[node] as number;
      if (feature < 0) {
        thresholds[at * 2] = Number.NaN;
        words[at * 4 + 2] = CATEGORICAL_BIT;
        words[at * 4 + 3] = node - 1;
        leafValues[at] = tree.value[node] as number;
        continue;
      }
      const left = tree.left[node] as number;
      if (tree.right[node] !== left + 1) throw new Error('a tree node’s right child must follow its left one');
      thresholds[at * 2] = tree.threshold[node] as number;
      words[at * 4 + 2] =
        feature | (tree.categorical[node] ? CATEGORICAL_BIT : 0) | (tree.defaultLeft[node] ? MISSING_LEFT_BIT : 0);
      words[at * 4 + 3] = left;
    }
    next += tree.feature.length;
  });
  return starts;
}

/**
 * Each row's sum of its leaf values over the trees (tree i adds to output i % outputs), in tree
 * order, from raw feature values (row-major, `width` per row; NaN missing, a category's position).
 */
export function sumTreeScores(
  trees: readonly Tree[],
  outputs: number,
  values: Float64Array,
  rows: number,
  width: number,
): Float64Array {
  const scores = new Float64Array(rows * outputs);
  if (rows === 0 || trees.length === 0) return scores;
  const nodeCount = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const chunk = Math.min(rows, CHUNK_ROWS);
  const blocks = new BlockAllocator();
  const at = {
    nodes: blocks.take(nodeCount * NODE_BYTES),
    leafValues: blocks.take(nodeCount * 8),
    values: blocks.take(chunk * width * 8),
    scores: blocks.take(chunk * outputs * 8),
  };
  const memory = kernelMemory(blocks.used);
  const kernel = gbdtKernel(memory);
  const starts = packTrees(
    trees,
    new Float64Array(memory.buffer, at.nodes, nodeCount * 2),
    new Int32Array(memory.buffer, at.nodes, nodeCount * 4),
    new Float64Array(memory.buffer, at.leafValues, nodeCount),
  );
  const depths = trees.map((tree) => treeDepth(tree));
  const chunkValues = new Float64Array(memory.buffer, at.values, chunk * width);
  const chunkScores = new Float64Array(memory.buffer, at.scores, chunk * outputs);
  for (let first = 0; first < rows; first += chunk) {
    const count = Math.min(chunk, rows - first);
    chunkValues.set(values.subarray(first * width, (first + count) * width));
    chunkScores.fill(0);
    trees.forEach((_, index) => {
      kernel.scoreTree(
        at.values,
        count,
        width,
        at.nodes + (starts[index] as number) * NODE_BYTES,
        at.leafValues + (starts[index] as number) * 8,
        depths[index] as number,
        at.scores,
        outputs,
        index % outputs,
      );
    });
    scores.set(chunkScores.subarray(0, count * outputs), first * outputs);
  }
  return scores;
}
