import { TriadError } from '../../../shared/contract/errors.js';
import type { FeatureDrift } from './feature-drift.js';

/** Evidently's default drift_share: the dataset drifts when at least this share of its features drift. */
export const DEFAULT_DRIFT_SHARE = 0.5;

export interface DatasetDrift {
  featureCount: number;
  driftedCount: number;
  driftedShare: number;
  driftShare: number;
  datasetDrift: boolean;
  /** Strongest drift first (see driftStrength), ties by feature name. */
  features: FeatureDrift[];
}

/**
 * How far a feature's score lies past its threshold, on one scale for every method: threshold / p-value for
 * the tests, distance / threshold for the distances. Above 1 means drifted (a p-value equal to the threshold
 * gives exactly 1, drifted for KS only).
 */
export function driftStrength(feature: FeatureDrift): number {
  const isPValue = feature.method === 'ks' || feature.method === 'chisquare' || feature.method === 'z';
  if (!isPValue) return feature.score / feature.threshold;
  return feature.score === 0 ? Number.POSITIVE_INFINITY : feature.threshold / feature.score;
}

export function datasetDrift(features: readonly FeatureDrift[], driftShare = DEFAULT_DRIFT_SHARE): DatasetDrift {
  if (features.length === 0) throw new TriadError('invalid_input', 'Dataset drift needs at least one feature');
  const driftedCount = features.filter((feature) => feature.drifted).length;
  const driftedShare = driftedCount / features.length;
  const ordered = [...features].sort(
    (a, b) =>
      Number(b.drifted) - Number(a.drifted) ||
      driftStrength(b) - driftStrength(a) ||
      (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0),
  );
  return {
    featureCount: features.length,
    driftedCount,
    driftedShare,
    driftShare,
    datasetDrift: driftedShare >= driftShare,
    features: ordered,
  };
}
