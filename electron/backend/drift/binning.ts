import {
  type Category,
  categoryCounts,
  distinctCount,
  type FeatureSample,
  type NumericSample,
  sampleSize,
  unionOfCategories,
} from './feature-samples.js';

/** Evidently bins a numeric feature by histogram only when its reference has more distinct values than this. */
const MAX_DISTINCT_BINNED_AS_CATEGORIES = 20;

export interface BinnedPercents {
  referencePercents: Float64Array;
  livePercents: Float64Array;
  /** The value each share belongs to, or null when the shares are histogram bins. */
  categories: Category[] | null;
}

/** np.linspace(min, max, bins + 1), the edges numpy's histogram_bin_edges returns for equal-width bins. */
export function equalWidthEdges(min: number, max: number, bins: number): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** np.histogram_bin_edges(values, bins='sturges') for values spanning [min, max]. */
export function sturgesEdges(min: number, max: number, count: number): Float64Array {
  const width = (max - min) / (Math.log2(count) + 1);
  const bins = width ? Math.ceil((max - min) / width) : 1;
  return equalWidthEdges(min, max, bins);
}

function firstIndexAtLeast(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function firstIndexAbove(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** np.histogram counts: bins are closed on the left, the last one on both sides. */
export function histogramCounts(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  let previous = firstIndexAtLeast(sorted, edges[0] as number);
  for (let i = 1; i <= bins; i++) {
    const next =
      i === bins ? firstIndexAbove(sorted, edges[i] as number) : firstIndexAtLeast(sorted, edges[i] as number);
    counts[i - 1] = next - previous;
    previous = next;
  }
  return counts;
}

/** Evidently's replacement of empty bins, so that PSI's logarithm stays finite. */
export function fillEmptyBins(percents: Float64Array): void {
  let smallest = Number.POSITIVE_INFINITY;
  for (const percent of percents) if (percent !== 0 && percent < smallest) smallest = percent;
  if (smallest === Number.POSITIVE_INFINITY) return;
  const replacement = smallest <= 0.0001 ? smallest / 10 ** 6 : 0.0001;
  for (let i = 0; i < percents.length; i++) if (percents[i] === 0) percents[i] = replacement;
}

function histogramPercents(reference: NumericSample, live: NumericSample): BinnedPercents {
  const min = Math.min(reference.sorted[0] as number, live.sorted[0] as number);
  const max = Math.max(reference.sorted.at(-1) as number, live.sorted.at(-1) as number);
  const edges = sturgesEdges(min, max, reference.sorted.length + live.sorted.length);
  const toPercents = (sample: NumericSample) =>
    histogramCounts(sample.sorted, edges).map((count) => count / sample.sorted.length);
  return { referencePercents: toPercents(reference), livePercents: toPercents(live), categories: null };
}

function categoryPercents(reference: FeatureSample, live: FeatureSample): BinnedPercents {
  const referenceCounts = categoryCounts(reference);
  const liveCounts = categoryCounts(live);
  const categories = unionOfCategories(referenceCounts, liveCounts);
  const referenceSize = sampleSize(reference);
  const liveSize = sampleSize(live);
  return {
    categories,
    referencePercents: Float64Array.from(categories, (key) => (referenceCounts.get(key) ?? 0) / referenceSize),
    livePercents: Float64Array.from(categories, (key) => (liveCounts.get(key) ?? 0) / liveSize),
  };
}

/**
 * Evidently's get_binned_data: shares of each sample per bin. A numeric feature whose reference has more
 * than 20 distinct values is cut into Sturges bins over both samples; anything else is counted per value
 * over the union of both samples' values.
 */
export function binnedPercents(reference: FeatureSample, live: FeatureSample, fillZeroes: boolean): BinnedPercents {
  const binned =
    reference.kind === 'numeric' &&
    live.kind === 'numeric' &&
    distinctCount(reference) > MAX_DISTINCT_BINNED_AS_CATEGORIES
      ? histogramPercents(reference, live)
      : categoryPercents(reference, live);
  if (fillZeroes) {
    fillEmptyBins(binned.referencePercents);
    fillEmptyBins(binned.livePercents);
  }
  return binned;
}
