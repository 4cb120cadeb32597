import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import { datasetDrift, driftStrength } from './dataset-drift.js';
import type { DriftMethod, FeatureDrift } from './feature-drift.js';

const histogram = { kind: 'categorical' as const, categories: [], counts: [], otherCount: 0 };

function feature(name: string, method: DriftMethod, score: number, drifted: boolean): FeatureDrift {
  const threshold = method === 'wasserstein' || method === 'jensenshannon' ? 0.1 : 0.05;
  return {
    feature: name,
    kind: 'numeric',
    method,
    score,
    threshold,
    drifted,
    psi: 0,
    referenceHistogram: histogram,
    liveHistogram: histogram,
    referenceRows: 10,
    liveRows: 10,
  };
}

describe('datasetDrift', () => {
  it('flags the dataset when at least half of its features drift', () => {
    const half = datasetDrift([feature('a', 'ks', 0.01, true), feature('b', 'ks', 0.5, false)]);
    expect(half).toMatchObject({
      featureCount: 2,
      driftedCount: 1,
      driftedShare: 0.5,
      driftShare: 0.5,
      datasetDrift: true,
    });
    const third = datasetDrift([
      feature('a', 'ks', 0.01, true),
      feature('b', 'ks', 0.5, false),
      feature('c', 'z', 0.9, false),
    ]);
    expect(third.datasetDrift).toBe(false);
  });

  it('orders features by score relative to threshold, strongest drift first, on one scale for tests and distances', () => {
    const report = datasetDrift([
      feature('calm test', 'chisquare', 0.5, false),
      feature('weak distance', 'wasserstein', 0.15, true),
      feature('strong test', 'ks', 0.0001, true),
      feature('certain test', 'z', 0, true),
      feature('calm distance', 'jensenshannon', 0.02, false),
      feature('strong distance', 'jensenshannon', 0.9, true),
    ]);
    expect(report.features.map((item) => item.feature)).toEqual([
      'certain test',
      'strong test',
      'strong distance',
      'weak distance',
      'calm distance',
      'calm test',
    ]);
    expect(driftStrength(feature('x', 'ks', 0.0001, true))).toBeCloseTo(500, 9);
    expect(driftStrength(feature('x', 'wasserstein', 0.15, true))).toBeCloseTo(1.5, 12);
  });

  it('refuses an empty feature list', () => {
    expect(() => datasetDrift([])).toThrow(TriadError);
  });
});
