import { describe, expect, it } from 'vitest';
import { binnedPercents, equalWidthEdges, fillEmptyBins, histogramCounts, sturgesEdges } from './binning.js';
import { featureSample } from './feature-samples.js';
import { fixture } from './test-support/scipy-reference-values.js';
import { jensenShannonDistance } from './two-sample-tests.js';

function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], relative: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] as number;
    expect(Math.abs((actual[i] as number) - want)).toBeLessThanOrEqual(relative * Math.abs(want));
  }
}

describe("binnedPercents against Evidently's get_binned_data", () => {
  it.each(fixture.binning.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const kind = testCase.numeric ? 'numeric' : 'categorical';
    const reference = featureSample(testCase.reference, kind, 'x', 'reference');
    const live = featureSample(testCase.current, kind, 'x', 'live');
    const filled = binnedPercents(reference, live, true);
    const raw = binnedPercents(reference, live, false);
    if (testCase.edges) {
      const all = [...testCase.reference, ...testCase.current] as number[];
      expectAllClose(sturgesEdges(Math.min(...all), Math.max(...all), all.length), testCase.edges, 1e-15);
      expectAllClose(filled.referencePercents, testCase.referencePercents, 1e-15);
      expectAllClose(filled.livePercents, testCase.currentPercents, 1e-15);
    } else {
      const keys = testCase.keys ?? [];
      const reorder = (values: readonly number[]) =>
        (filled.categories ?? []).map((category) => values[keys.indexOf(category)] as number);
      expect(filled.categories).toHaveLength(keys.length);
      expectAllClose(filled.referencePercents, reorder(testCase.referencePercents), 1e-15);
      expectAllClose(filled.livePercents, reorder(testCase.currentPercents), 1e-15);
    }
    expect(
      Math.abs(jensenShannonDistance(raw.referencePercents, raw.livePercents) - testCase.jensenShannon),
    ).toBeLessThanOrEqual(1e-12);
  });
});

describe('histogram helpers', () => {
  it('counts like np.histogram: left-closed bins, the last closed on both sides', () => {
    const edges = equalWidthEdges(0, 4, 4);
    expect([...edges]).toEqual([0, 1, 2, 3, 4]);
    expect([...histogramCounts(Float64Array.of(0, 0.5, 1, 1, 2.999, 3, 4), edges)]).toEqual([2, 2, 1, 2]);
  });

  it('widens a zero-width range by half a unit on each side, as numpy does', () => {
    expect([...sturgesEdges(5, 5, 10)]).toEqual([4.5, 5.5]);
  });

  it('replaces empty bins by a millionth of the smallest share, or 0.0001 when that share is larger', () => {
    const coarse = Float64Array.of(0.5, 0, 0.5);
    fillEmptyBins(coarse);
    expect([...coarse]).toEqual([0.5, 0.0001, 0.5]);
    const fine = Float64Array.of(0.99995, 0, 0.00005);
    fillEmptyBins(fine);
    expect(fine[1]).toBeCloseTo(0.00005 / 1e6, 20);
  });
});
