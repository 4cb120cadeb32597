import { describe, expect, it } from 'vitest';
import type { FeatureDriftResult } from '../../../../shared/contract/serving.js';
import { driftSeverity, isDriftAlert, sortByDrift } from './drift-order.js';

function result(feature: string, score: number, threshold: number, drifted: boolean): FeatureDriftResult {
  return {
    feature,
    kind: 'numeric',
    method: 'test',
    score,
    threshold,
    drifted,
    psi: null,
    referenceRows: 100,
    liveRows: 100,
    histogram: { labels: [], reference: [], live: [] },
  };
}

describe('drift severity', () => {
  it('reads a p-value as drifting below its threshold and a distance at or above it', () => {
    expect(driftSeverity(result('p', 0.005, 0.05, true))).toBeCloseTo(10);
    expect(driftSeverity(result('p', 0.5, 0.05, false))).toBeCloseTo(0.1);
    expect(driftSeverity(result('d', 0.3, 0.1, true))).toBeCloseTo(3);
    expect(driftSeverity(result('d', 0.1, 0.1, true))).toBe(1);
    expect(driftSeverity(result('d', 0.02, 0.1, false))).toBeCloseTo(0.2);
  });

  it('is unbounded for a p-value of zero', () => {
    expect(driftSeverity(result('p', 0, 0.05, true))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the features of a drift report', () => {
  it('come drifted first, the furthest past its threshold first, then by name', () => {
    const sorted = sortByDrift([
      result('calm', 0.9, 0.05, false),
      result('slight', 0.12, 0.1, true),
      result('strong', 0.0001, 0.05, true),
      result('almost', 0.06, 0.05, false),
      result('also-calm', 0.9, 0.05, false),
    ]);
    expect(sorted.map((entry) => entry.feature)).toEqual(['strong', 'slight', 'almost', 'also-calm', 'calm']);
  });

  it('make an alert when any feature or the dataset drifted', () => {
    expect(isDriftAlert({ datasetDrift: false, driftedFeatures: 0 })).toBe(false);
    expect(isDriftAlert({ datasetDrift: false, driftedFeatures: 1 })).toBe(true);
  });
});
