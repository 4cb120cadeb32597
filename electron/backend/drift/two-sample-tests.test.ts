import { describe, expect, it } from 'vitest';
import { kolmogorovSurvival } from './kolmogorov-distribution.js';
import { fixture, samples, sequence } from './test-support/scipy-reference-values.js';
import {
  chiSquareTest,
  jensenShannonDistance,
  ksTwoSample,
  wassersteinDistance,
  zTestProportions,
} from './two-sample-tests.js';

function expectClose(actual: number, expected: number, relative: number, absolute = 1e-300) {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(absolute, relative * Math.abs(expected)));
}

describe('ksTwoSample against scipy.stats.ks_2samp', () => {
  it.each(fixture.ks.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const result = ksTwoSample(...samples(testCase));
    expectClose(result.statistic, testCase.statistic, 1e-12, 1e-15);
    expectClose(result.pValue, testCase.pValue, testCase.exact ? 1e-9 : 1e-6, 1e-15);
  });
});

describe('kolmogorovSurvival against scipy.stats.kstwo.sf', () => {
  it.each(fixture.kolmogorov.map((c) => [c.n, c.x, c] as const))('n=%d x=%f', (_n, _x, testCase) => {
    expectClose(kolmogorovSurvival(testCase.n, testCase.x), testCase.sf, 1e-9, 1e-15);
  });
});

describe('chiSquareTest against scipy.stats.chisquare', () => {
  it.each(fixture.chiSquare.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const result = chiSquareTest(testCase.observed, testCase.expected);
    expectClose(result.statistic, testCase.statistic, 1e-12);
    expectClose(result.pValue, testCase.pValue, 1e-9, 1e-300);
  });
});

describe('wassersteinDistance against scipy.stats.wasserstein_distance', () => {
  it.each(fixture.wasserstein.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    expectClose(wassersteinDistance(...samples(testCase)), testCase.distance, 1e-9, 1e-15);
  });
});

describe('jensenShannonDistance against scipy.spatial.distance.jensenshannon', () => {
  it.each(fixture.jensenShannon.map((c, index) => [index, c] as const))('case %d', (_index, testCase) => {
    expectClose(jensenShannonDistance(testCase.p, testCase.q), testCase.distance, 1e-12, 1e-15);
  });
});

describe('zTestProportions against Evidently’s z stattest (scipy.stats.norm)', () => {
  it.each(fixture.zTest.filter((c) => c.statistic !== undefined).map((c) => [c.name, c] as const))(
    '%s',
    (_name, testCase) => {
      const first = [...new Set([...testCase.reference, ...testCase.current])].sort()[0];
      const hits = (values: string[]) => values.filter((value) => value !== first).length;
      const result = zTestProportions(
        hits(testCase.reference),
        testCase.reference.length,
        hits(testCase.current),
        testCase.current.length,
      );
      expectClose(result.statistic, testCase.statistic as number, 1e-12);
      expectClose(result.pValue, testCase.pValue, 1e-9, 1e-15);
    },
  );
});

describe('ksTwoSample edge cases', () => {
  it('refuses an empty sample', () => {
    expect(() => ksTwoSample([], [1])).toThrow(RangeError);
  });

  it('computes a reference of a million against a hundred thousand in well under a second', () => {
    const reference = sequence({ count: 1_000_000, offset: 1, multiplier: 0.6180339887498949, scale: 1, shift: 0 });
    const live = sequence({ count: 100_000, offset: 3, multiplier: 0.41421356237309515, scale: 1, shift: 0.001 });
    const started = performance.now();
    const result = ksTwoSample(reference, live);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.pValue).toBeGreaterThanOrEqual(0);
    expect(result.pValue).toBeLessThanOrEqual(1);
  });
});
