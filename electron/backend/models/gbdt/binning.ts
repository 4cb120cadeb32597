import { TriadError } from '../../../../shared/contract/errors.js';
import { categoryValue, type FrameColumn, numericValue } from '../preprocessing.js';

/** The code of a missing value, or of a category training never kept: no split bin ever equals it. */
export const MISSING_BIN = 255;
/** At most this many value bins per feature, so a bin code fits a byte beside MISSING_BIN. */
export const MAX_BINS = 255;

const NUMERIC_TYPES = new Set(['integer', 'real', 'boolean', 'timestamp', 'date']);

/**
 * How one input column becomes bin codes. A number falls in the first bin whose upper edge is at
 * least it (past the last edge: the last bin); a text value's bin is its category's position.
 */
export type FeatureBins =
  | { name: string; kind: 'numeric'; edges: Float64Array }
  | { name: string; kind: 'categorical'; categories: string[] };

/** The number of value bins a feature uses (MISSING_BIN aside). */
export function valueBinCount(bins: FeatureBins): number {
  return bins.kind === 'numeric' ? bins.edges.length + 1 : bins.categories.length;
}

/**
 * Bin edges are learned from at most this many rows, evenly spaced over the table (as LightGBM
 * samples 200,000): quantiles of a sample this size place each of 255 bins within a few percent
 * of its share, and sorting every row of a large table would cost more than the trees.
 */
export const BINNING_SAMPLE = 65_536;

/** The known numbers among the sampled rows, sorted. */
function sortedValues(values: readonly unknown[]): Float64Array {
  const step = Math.max(1, values.length / BINNING_SAMPLE);
  const numbers = new Float64Array(Math.min(values.length, BINNING_SAMPLE));
  let count = 0;
  for (let at = 0; Math.floor(at) < values.length && count < numbers.length; at += step) {
    const number = numericValue(values[Math.floor(at)]);
    if (!Number.isNaN(number)) numbers[count++] = number;
  }
  return numbers.subarray(0, count).sort();
}

/** An edge that keeps `low` left of it and `high` right: their midpoint, or `low` itself where the midpoint is not a number between them (infinities, rounding). */
function between(low: number, high: number): number {
  const middle = low / 2 + high / 2;
  return middle >= low && middle < high ? middle : low;
}

/**
 * Edges that split the values into at most `maxBins` bins of about equal count: between every two
 * distinct values when they are few, else at quantiles (a value repeated over a quantile keeps
 * its rows together in one bin).
 */
function numericEdges(values: readonly unknown[], maxBins: number): Float64Array {
  const sorted = sortedValues(values);
  let distinctCount = sorted.length > 0 ? 1 : 0;
  for (let index = 1; index < sorted.length && distinctCount <= maxBins; index++)
    if (sorted[index] !== sorted[index - 1]) distinctCount += 1;
  if (distinctCount <= maxBins) {
    const midpoints: number[] = [];
    for (let index = 1; index < sorted.length; index++)
      if (sorted[index] !== sorted[index - 1])
        midpoints.push(between(sorted[index - 1] as number, sorted[index] as number));
    return Float64Array.from(midpoints);
  }
  const edges: number[] = [];
  for (let bin = 1; bin < maxBins; bin++) {
    const edge = sorted[Math.floor((bin * sorted.length) / maxBins) - 1] as number;
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  if (edges[edges.length - 1] === sorted[sorted.length - 1]) edges.pop();
  return Float64Array.from(edges);
}

function categoricalBins(column: FrameColumn, maxBins: number): string[] {
  const counts = new Map<string, number>();
  for (const value of column.values) {
    const text = categoryValue(value);
    // A server sends a missing text value as '', so '' counts as missing here too.
    if (text !== null && text !== '') counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  if (counts.size === 0)
    throw new TriadError(
      'invalid_input',
      `column ${column.name} has no values to learn from: leave it out of the features`,
    );
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxBins)
    .map(([category]) => category);
}

/** Learns each column's bins from the training rows: numbers by quantile, text by its most frequent categories. */
export function fitBins(columns: readonly FrameColumn[], maxBins = MAX_BINS): FeatureBins[] {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS)
    throw new TriadError('invalid_input', `max_bin must be a whole number from 2 to ${MAX_BINS}, not ${maxBins}`);
  return columns.map((column) => {
    if (NUMERIC_TYPES.has(column.type))
      return { name: column.name, kind: 'numeric', edges: numericEdges(column.values, maxBins) };
    if (column.type === 'text')
      return { name: column.name, kind: 'categorical', categories: categoricalBins(column, maxBins) };
    throw new TriadError(
      'invalid_input',
      `column ${column.name} holds ${column.type} values, which cannot be a feature: leave it out of the features`,
    );
  });
}

/**
 * The first bin whose upper edge is at least `value` (past the last edge: the last bin). The
 * search halves its range without branching on the comparison, which shuffled values would
 * mispredict half the time.
 */
function numericBin(edges: Float64Array, value: number): number {
  let length = edges.length;
  if (length === 0) return 0;
  let base = 0;
  while (length > 1) {
    const half = length >>> 1;
    base += (edges[base + half - 1] as number) < value ? half : 0;
    length -= half;
  }
  return base + ((edges[base] as number) < value ? 1 : 0);
}

/**
 * Each row's feature values as the trees read them, row-major (rows x features): a number as it
 * is (NaN when missing), a text value as its category's position (-1 when missing or unknown).
 */
export function featureValues(
  bins: readonly FeatureBins[],
  columns: readonly FrameColumn[],
  rows: number,
  matrix: Float64Array = new Float64Array(rows * bins.length),
): Float64Array {
  const width = bins.length;
  bins.forEach((feature, index) => {
    const values = (columns[index] as FrameColumn).values;
    if (feature.kind === 'numeric') {
      for (let row = 0; row < rows; row++) matrix[row * width + index] = numericValue(values[row]);
      return;
    }
    const position = new Map(feature.categories.map((category, at) => [category, at]));
    for (let row = 0; row < rows; row++) {
      const text = categoryValue(values[row]);
      matrix[row * width + index] = (text === null ? undefined : position.get(text)) ?? -1;
    }
  });
  return matrix;
}

/** Training codes come in quads of features: one 32-bit load reads four of a row's codes. */
export const QUAD_FEATURES = 4;

export function quadCount(width: number): number {
  return Math.ceil(width / QUAD_FEATURES);
}

/** Rows binned together, one feature after another: their row-major values stay in the cache. */
const BINNING_BLOCK = 512;

/**
 * Each row's bin per feature, MISSING_BIN for a missing or unknown value: row-major (rows x
 * features), or in quads for training (quad q's four codes of row r at (q * rows + r) * 4, feature
 * 4q + k in byte k; see quadCount). Only rows [from, to) when given.
 */
export function binCodes(
  bins: readonly FeatureBins[],
  values: Float64Array,
  rows: number,
  codes: Uint8Array = new Uint8Array(rows * bins.length),
  inQuads = false,
  from = 0,
  to = rows,
): Uint8Array {
  const width = bins.length;
  const rowStep = inQuads ? QUAD_FEATURES : width;
  for (let blockStart = from; blockStart < to; blockStart += BINNING_BLOCK) {
    const blockEnd = Math.min(to, blockStart + BINNING_BLOCK);
    for (let index = 0; index < width; index++) {
      const feature = bins[index] as FeatureBins;
      const base = inQuads ? Math.floor(index / QUAD_FEATURES) * rows * QUAD_FEATURES + (index % QUAD_FEATURES) : index;
      if (feature.kind === 'numeric') {
        const { edges } = feature;
        for (let row = blockStart; row < blockEnd; row++) {
          const value = values[row * width + index] as number;
          codes[base + row * rowStep] = Number.isNaN(value) ? MISSING_BIN : numericBin(edges, value);
        }
        continue;
      }
      for (let row = blockStart; row < blockEnd; row++) {
        const value = values[row * width + index] as number;
        codes[base + row * rowStep] = value < 0 ? MISSING_BIN : value;
      }
    }
  }
  return codes;
}
