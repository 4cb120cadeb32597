import type { DriftReport, FeatureDriftResult } from '../../../../shared/contract/serving.js';

/**
 * How far a feature's score is past its threshold, in the direction that means drift: a test's
 * p-value drifts below its threshold, a distance at or above it. Above 1 is drift; the larger, the
 * stronger. Which of the two a score is follows from the result itself: a p-value is drifted
 * exactly when it is below the threshold.
 */
export function driftSeverity(result: Pick<FeatureDriftResult, 'score' | 'threshold' | 'drifted'>): number {
  const lowerMeansDrift = result.drifted === result.score < result.threshold;
  const [ahead, behind] = lowerMeansDrift ? [result.threshold, result.score] : [result.score, result.threshold];
  if (behind === 0) return ahead === 0 ? 1 : Number.POSITIVE_INFINITY;
  return ahead / behind;
}

/** The features of a report, drifted first, each group by how far past its threshold, then by name. */
export function sortByDrift(features: readonly FeatureDriftResult[]): FeatureDriftResult[] {
  return [...features].sort(
    (a, b) =>
      Number(b.drifted) - Number(a.drifted) ||
      driftSeverity(b) - driftSeverity(a) ||
      a.feature.localeCompare(b.feature),
  );
}

/** Whether a report is an alert: the dataset drifted, or some feature did. */
export function isDriftAlert(report: Pick<DriftReport, 'datasetDrift' | 'driftedFeatures'>): boolean {
  return report.datasetDrift || report.driftedFeatures > 0;
}
