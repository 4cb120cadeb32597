import { equalWidthEdges, histogramCounts } from './binning.js';
import {
  type Category,
  categoryCounts,
  type FeatureSample,
  type NumericSample,
  sampleSize,
} from './feature-samples.js';

export const DISPLAY_BINS = 20;
export const DISPLAY_TOP_CATEGORIES = 10;

/** Counts per shared equal-width bin; bin i spans [edges[i], edges[i + 1]), the last bin includes its right edge. */
export interface NumericHistogram {
  kind: 'numeric';
  edges: number[];
  counts: number[];
}

/** Counts of the categories most frequent over both samples, with every other category summed in otherCount. */
export interface CategoricalHistogram {
  kind: 'categorical';
  categories: string[];
  counts: number[];
  otherCount: number;
}

export type DriftHistogram = NumericHistogram | CategoricalHistogram;

export interface HistogramPair {
  reference: DriftHistogram;
  live: DriftHistogram;
}

function numericHistograms(reference: NumericSample, live: NumericSample): HistogramPair {
  const min = Math.min(reference.sorted[0] as number, live.sorted[0] as number);
  const max = Math.max(reference.sorted.at(-1) as number, live.sorted.at(-1) as number);
  const edges = equalWidthEdges(min, max, DISPLAY_BINS);
  const histogram = (sample: NumericSample): NumericHistogram => ({
    kind: 'numeric',
    edges: [...edges],
    counts: [...histogramCounts(sample.sorted, edges)],
  });
  return { reference: histogram(reference), live: histogram(live) };
}

function compareCategories(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function categoricalHistograms(reference: FeatureSample, live: FeatureSample): HistogramPair {
  const referenceCounts = categoryCounts(reference);
  const liveCounts = categoryCounts(live);
  const combined = new Map(referenceCounts);
  for (const [key, count] of liveCounts) combined.set(key, (combined.get(key) ?? 0) + count);
  const top = [...combined.entries()]
    .sort(([keyA, countA], [keyB, countB]) => countB - countA || compareCategories(keyA, keyB))
    .slice(0, DISPLAY_TOP_CATEGORIES)
    .map(([key]) => key);
  const histogram = (counts: Map<Category, number>, size: number): CategoricalHistogram => {
    const topCounts = top.map((key) => counts.get(key) ?? 0);
    return {
      kind: 'categorical',
      categories: top.map(String),
      counts: topCounts,
      otherCount: size - topCounts.reduce((sum, count) => sum + count, 0),
    };
  };
  return {
    reference: histogram(referenceCounts, sampleSize(reference)),
    live: histogram(liveCounts, sampleSize(live)),
  };
}

/** Histograms for display, with bins shared by the reference and the live window. */
export function displayHistograms(reference: FeatureSample, live: FeatureSample): HistogramPair {
  if (reference.kind === 'numeric' && live.kind === 'numeric') return numericHistograms(reference, live);
  return categoricalHistograms(reference, live);
}
