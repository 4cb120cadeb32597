import { binnedPercents } from './binning.js';
import { type DriftHistogram, displayHistograms } from './display-histogram.js';
import {
  categoryCounts,
  distinctCountOfUnion,
  type FeatureKind,
  type FeatureSample,
  type FeatureValue,
  featureSample,
  sampleSize,
  unionOfCategories,
} from './feature-samples.js';
import {
  chiSquareTest,
  jensenShannonDistance,
  ksTwoSampleSorted,
  populationStabilityIndex,
  wassersteinDistanceSorted,
  zTestProportions,
} from './two-sample-tests.js';

export type DriftMethod = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon';

/** Evidently's default thresholds: significance levels for the p-value tests, distances for the others. */
export const DRIFT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
};

/** Above this many reference rows Evidently switches from statistical tests to distances. */
export const MAX_REFERENCE_ROWS_FOR_TESTS = 1000;
/** Numeric features with at most this many distinct values (over both samples) are treated as categories. */
export const MAX_DISTINCT_FOR_CATEGORY_TESTS = 5;
/** Evidently floors the reference's standard deviation when it norms the Wasserstein distance. */
const MIN_WASSERSTEIN_NORM = 0.001;

export interface FeatureDriftInput {
  feature: string;
  kind: FeatureKind;
  reference: readonly FeatureValue[];
  live: readonly FeatureValue[];
}

export interface FeatureDrift {
  feature: string;
  kind: FeatureKind;
  method: DriftMethod;
  /** A p-value for ks, chisquare and z; a distance for wasserstein (normed by the reference's std) and jensenshannon. */
  score: number;
  threshold: number;
  drifted: boolean;
  /** Population stability index over Evidently's bins, for information; it does not decide drift. */
  psi: number;
  referenceHistogram: DriftHistogram;
  liveHistogram: DriftHistogram;
  /** Values compared after missing and non-finite ones are dropped. */
  referenceRows: number;
  liveRows: number;
}

/** Evidently's default stattest for a feature (get_default_stattest). */
export function defaultDriftMethod(kind: FeatureKind, referenceRows: number, distinctValues: number): DriftMethod {
  const fewValues = kind === 'categorical' || distinctValues <= MAX_DISTINCT_FOR_CATEGORY_TESTS;
  if (referenceRows <= MAX_REFERENCE_ROWS_FOR_TESTS) {
    if (!fewValues) return 'ks';
    return distinctValues > 2 ? 'chisquare' : 'z';
  }
  return fewValues ? 'jensenshannon' : 'wasserstein';
}

/** Whether a score crosses its threshold; Evidently compares KS with <=, the other p-values with <. */
export function isDrifted(method: DriftMethod, score: number, threshold: number): boolean {
  switch (method) {
    case 'ks':
      return score <= threshold;
    case 'chisquare':
    case 'z':
      return score < threshold;
    case 'wasserstein':
    case 'jensenshannon':
      return score >= threshold;
  }
}

function chiSquarePValue(reference: FeatureSample, live: FeatureSample): number {
  const referenceCounts = categoryCounts(reference);
  const liveCounts = categoryCounts(live);
  const categories = unionOfCategories(referenceCounts, liveCounts);
  const scale = sampleSize(live) / sampleSize(reference);
  const expected = categories.map((key) => (referenceCounts.get(key) ?? 0) * scale);
  const observed = categories.map((key) => liveCounts.get(key) ?? 0);
  return chiSquareTest(observed, expected).pValue;
}

function zTestPValue(reference: FeatureSample, live: FeatureSample): number {
  const referenceCounts = categoryCounts(reference);
  const liveCounts = categoryCounts(live);
  const categories = unionOfCategories(referenceCounts, liveCounts);
  if (categories.length === 1) return 1;
  const first = categories[0];
  const hits = (counts: Map<unknown, number>, size: number) => size - (counts.get(first) ?? 0);
  const referenceSize = sampleSize(reference);
  const liveSize = sampleSize(live);
  return zTestProportions(hits(referenceCounts, referenceSize), referenceSize, hits(liveCounts, liveSize), liveSize)
    .pValue;
}

function normedWasserstein(reference: FeatureSample, live: FeatureSample): number {
  if (reference.kind !== 'numeric' || live.kind !== 'numeric') throw new TypeError('wasserstein needs numeric samples');
  const values = reference.sorted;
  let mean = 0;
  for (const value of values) mean += value;
  mean /= values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  const norm = Math.max(Math.sqrt(squares / values.length), MIN_WASSERSTEIN_NORM);
  return wassersteinDistanceSorted(values, live.sorted) / norm;
}

function driftScore(method: DriftMethod, reference: FeatureSample, live: FeatureSample): number {
  switch (method) {
    case 'ks':
      if (reference.kind !== 'numeric' || live.kind !== 'numeric') throw new TypeError('ks needs numeric samples');
      return ksTwoSampleSorted(reference.sorted, live.sorted).pValue;
    case 'chisquare':
      return chiSquarePValue(reference, live);
    case 'z':
      return zTestPValue(reference, live);
    case 'wasserstein':
      return normedWasserstein(reference, live);
    case 'jensenshannon': {
      const { referencePercents, livePercents } = binnedPercents(reference, live, false);
      return jensenShannonDistance(referencePercents, livePercents);
    }
  }
}

/** Compares one feature's live window with its reference the way Evidently's DataDriftPreset does by default. */
export function featureDrift(input: FeatureDriftInput): FeatureDrift {
  const reference = featureSample(input.reference, input.kind, input.feature, 'reference');
  const live = featureSample(input.live, input.kind, input.feature, 'live');
  const referenceRows = sampleSize(reference);
  const method = defaultDriftMethod(input.kind, referenceRows, distinctCountOfUnion(reference, live));
  const threshold = DRIFT_THRESHOLDS[method];
  const score = driftScore(method, reference, live);
  const psiBins = binnedPercents(reference, live, true);
  const histograms = displayHistograms(reference, live);
  return {
    feature: input.feature,
    kind: input.kind,
    method,
    score,
    threshold,
    drifted: isDrifted(method, score, threshold),
    psi: populationStabilityIndex(psiBins.referencePercents, psiBins.livePercents),
    referenceHistogram: histograms.reference,
    liveHistogram: histograms.live,
    referenceRows,
    liveRows: sampleSize(live),
  };
}
