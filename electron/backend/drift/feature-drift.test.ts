import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import { datasetDrift } from './dataset-drift.js';
import { defaultDriftMethod, type FeatureDrift, featureDrift, isDrifted } from './feature-drift.js';
import type { FeatureKind, FeatureValue } from './feature-samples.js';
import { fixture, sequence } from './test-support/scipy-reference-values.js';

const vegaData = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');
type Row = Record<string, FeatureValue>;

function shuffled<T>(rows: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...rows];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function standardDeviation(values: number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

function driftedFeatures(reference: Row[], live: Row[], features: Record<string, FeatureKind>): FeatureDrift[] {
  return Object.entries(features).map(([feature, kind]) =>
    featureDrift({
      feature,
      kind,
      reference: reference.map((row) => row[feature] ?? null),
      live: live.map((row) => row[feature] ?? null),
    }),
  );
}

/** Shifts one numeric feature by one reference standard deviation and moves most of one category into another. */
function plantDrift(
  reference: Row[],
  live: Row[],
  numeric: string,
  categorical: string,
  from: string,
  to: string,
): Row[] {
  const shift = standardDeviation(
    reference.map((row) => row[numeric]).filter((value): value is number => typeof value === 'number'),
  );
  let seen = 0;
  return live.map((row) => {
    const shifted: Row = { ...row };
    const value = row[numeric];
    if (typeof value === 'number') shifted[numeric] = value + shift;
    if (row[categorical] === from && seen++ % 5 !== 0) shifted[categorical] = to;
    return shifted;
  });
}

describe('featureDrift on real data with planted drift', () => {
  const cars = JSON.parse(readFileSync(join(vegaData, 'cars.json'), 'utf8')) as Row[];
  const carFeatures: Record<string, FeatureKind> = {
    Miles_per_Gallon: 'numeric',
    Cylinders: 'numeric',
    Displacement: 'numeric',
    Horsepower: 'numeric',
    Weight_in_lbs: 'numeric',
    Acceleration: 'numeric',
    Origin: 'categorical',
  };
  const [header, ...lines] = readFileSync(join(vegaData, 'weather.csv'), 'utf8').trim().split('\n');
  const columns = (header as string).split(',');
  const weather: Row[] = lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(
      columns.map((column, i) => [
        column,
        ['location', 'date', 'weather'].includes(column) ? (cells[i] as string) : Number(cells[i]),
      ]),
    );
  });
  const weatherFeatures: Record<string, FeatureKind> = {
    precipitation: 'numeric',
    temp_max: 'numeric',
    temp_min: 'numeric',
    wind: 'numeric',
    weather: 'categorical',
    location: 'categorical',
  };

  it('with at most 1000 reference rows: tests flag nothing on a random split, then exactly the two shifted features', () => {
    const rows = shuffled(cars, 7);
    const reference = rows.slice(0, 203);
    const live = rows.slice(203);
    const calm = driftedFeatures(reference, live, carFeatures);
    expect(calm.map((feature) => [feature.feature, feature.method])).toEqual([
      ['Miles_per_Gallon', 'ks'],
      ['Cylinders', 'chisquare'],
      ['Displacement', 'ks'],
      ['Horsepower', 'ks'],
      ['Weight_in_lbs', 'ks'],
      ['Acceleration', 'ks'],
      ['Origin', 'chisquare'],
    ]);
    expect(calm.filter((feature) => feature.drifted)).toEqual([]);
    expect(datasetDrift(calm).datasetDrift).toBe(false);

    const shifted = driftedFeatures(
      reference,
      plantDrift(reference, live, 'Weight_in_lbs', 'Origin', 'USA', 'Japan'),
      carFeatures,
    );
    const report = datasetDrift(shifted);
    expect(
      report.features
        .filter((feature) => feature.drifted)
        .map((feature) => feature.feature)
        .sort(),
    ).toEqual(['Origin', 'Weight_in_lbs']);
    expect(report.driftedCount).toBe(2);
    expect(report.datasetDrift).toBe(false);
  });

  it('with more than 1000 reference rows: distances flag nothing on a random split, then exactly the two shifted features', () => {
    const rows = shuffled(weather, 11);
    const reference = rows.slice(0, 1461);
    const live = rows.slice(1461);
    const calm = driftedFeatures(reference, live, weatherFeatures);
    expect(calm.map((feature) => feature.method)).toEqual([
      'wasserstein',
      'wasserstein',
      'wasserstein',
      'wasserstein',
      'jensenshannon',
      'jensenshannon',
    ]);
    expect(calm.filter((feature) => feature.drifted)).toEqual([]);

    const shifted = driftedFeatures(
      reference,
      plantDrift(reference, live, 'temp_max', 'weather', 'sun', 'rain'),
      weatherFeatures,
    );
    expect(
      shifted
        .filter((feature) => feature.drifted)
        .map((feature) => feature.feature)
        .sort(),
    ).toEqual(['temp_max', 'weather']);
    const temperature = shifted.find((feature) => feature.feature === 'temp_max') as FeatureDrift;
    expect(temperature.score).toBeGreaterThan(0.9);
    expect(temperature.score).toBeLessThan(1.1);
  });
});

describe('featureDrift chooses Evidently’s default method', () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chisquare'],
    ['numeric', 1000, 2, 'z'],
    ['categorical', 1000, 40, 'chisquare'],
    ['categorical', 1000, 2, 'z'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, 5, 'jensenshannon'],
    ['categorical', 1001, 2, 'jensenshannon'],
  ] as const)('%s, %d reference rows, %d distinct values: %s', (kind, rows, distinct, method) => {
    expect(defaultDriftMethod(kind, rows, distinct)).toBe(method);
  });

  it('compares a KS p-value with <= and the other p-values with <, distances with >=', () => {
    expect(isDrifted('ks', 0.05, 0.05)).toBe(true);
    expect(isDrifted('chisquare', 0.05, 0.05)).toBe(false);
    expect(isDrifted('z', 0.05, 0.05)).toBe(false);
    expect(isDrifted('wasserstein', 0.1, 0.1)).toBe(true);
    expect(isDrifted('jensenshannon', 0.0999, 0.1)).toBe(false);
  });

  it('counts distinct values over both samples and drops missing and non-finite values', () => {
    const result = featureDrift({
      feature: 'flag',
      kind: 'numeric',
      reference: [0, 0, 1, null, Number.NaN, Number.POSITIVE_INFINITY, 1, 0],
      live: [0, 1, 2, null],
    });
    expect(result).toMatchObject({ method: 'chisquare', referenceRows: 5, liveRows: 3 });
    expect(result.score).toBe(0);
    expect(result.drifted).toBe(true);
  });

  it('gives a z-test p-value of 1 when both samples hold the same single value', () => {
    const result = featureDrift({ feature: 'constant', kind: 'categorical', reference: ['on', 'on'], live: ['on'] });
    expect(result).toMatchObject({ method: 'z', score: 1, drifted: false });
  });

  it('norms the Wasserstein distance of a constant reference by the floor 0.001', () => {
    const reference = new Array<number>(1500).fill(3);
    const result = featureDrift({
      feature: 'constant',
      kind: 'numeric',
      reference,
      live: [3, 3, 3, 3, 4, 5, 6, 7, 8, 9],
    });
    expect(result.method).toBe('wasserstein');
    expect(result.score).toBeCloseTo((1 + 2 + 3 + 4 + 5 + 6) / 10 / 0.001, 6);
  });

  it('names the feature when a sample is empty or holds text for a numeric feature', () => {
    const empty = () =>
      featureDrift({ feature: 'price', kind: 'numeric', reference: [1, 2], live: [null, Number.NaN] });
    expect(empty).toThrow(TriadError);
    expect(empty).toThrow(/"price".*live/);
    expect(() => featureDrift({ feature: 'price', kind: 'numeric', reference: [], live: [1] })).toThrow(
      /"price".*reference/,
    );
    expect(() => featureDrift({ feature: 'price', kind: 'numeric', reference: ['cheap'], live: [1] })).toThrow(
      /"price"/,
    );
  });
});

describe('featureDrift PSI and histograms', () => {
  it.each(fixture.binning.map((testCase) => [testCase.name, testCase] as const))(
    'PSI matches Evidently: %s',
    (_name, testCase) => {
      const result = featureDrift({
        feature: 'x',
        kind: testCase.numeric ? 'numeric' : 'categorical',
        reference: testCase.reference,
        live: testCase.current,
      });
      expect(Math.abs(result.psi - testCase.psi)).toBeLessThanOrEqual(1e-9 * Math.abs(testCase.psi));
    },
  );

  it('shares 20 equal-width bins over both samples for a numeric feature', () => {
    const result = featureDrift({ feature: 'x', kind: 'numeric', reference: [0, 1, 2, 3], live: [10, 10, 20] });
    if (result.referenceHistogram.kind !== 'numeric' || result.liveHistogram.kind !== 'numeric')
      throw new Error('numeric');
    expect(result.referenceHistogram.edges).toEqual(result.liveHistogram.edges);
    expect(result.referenceHistogram.edges).toHaveLength(21);
    expect(result.referenceHistogram.edges[0]).toBe(0);
    expect(result.referenceHistogram.edges[20]).toBe(20);
    expect(result.referenceHistogram.counts.reduce((a, b) => a + b)).toBe(4);
    expect(result.liveHistogram.counts[10]).toBe(2);
    expect(result.liveHistogram.counts[19]).toBe(1);
  });

  it('keeps the ten most frequent categories over both samples and sums the rest', () => {
    const reference = [...'aaaaabbbbcccdde'].concat([...'fghijkl']);
    const live = [...'zzzzzzzzaab'];
    const result = featureDrift({ feature: 'letter', kind: 'categorical', reference, live });
    if (result.referenceHistogram.kind !== 'categorical' || result.liveHistogram.kind !== 'categorical')
      throw new Error('categorical');
    expect(result.referenceHistogram.categories).toEqual(['z', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(result.referenceHistogram.counts).toEqual([0, 5, 4, 3, 2, 1, 1, 1, 1, 1]);
    expect(result.referenceHistogram.otherCount).toBe(3);
    expect(result.liveHistogram.counts.slice(0, 3)).toEqual([8, 2, 1]);
    expect(result.liveHistogram.otherCount).toBe(0);
  });
});

describe('featureDrift performance', () => {
  it('compares a million reference rows with a hundred thousand live rows in well under a second per feature', () => {
    const reference = Array.from(
      sequence({ count: 1_000_000, offset: 1, multiplier: 0.6180339887498949, scale: 5, shift: 0 }),
    );
    const live = Array.from(
      sequence({ count: 100_000, offset: 3, multiplier: 0.41421356237309515, scale: 5, shift: 0.2 }),
    );
    let started = performance.now();
    const numeric = featureDrift({ feature: 'amount', kind: 'numeric', reference, live });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(numeric).toMatchObject({ method: 'wasserstein', drifted: true });

    const labels = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
    const referenceLabels = reference.map((value) => labels[Math.floor(value * 1.6)] ?? null);
    const liveLabels = live.map((value) => labels[Math.floor(value * 1.6)] ?? null);
    started = performance.now();
    const categorical = featureDrift({
      feature: 'segment',
      kind: 'categorical',
      reference: referenceLabels,
      live: liveLabels,
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(categorical.method).toBe('jensenshannon');
  });
});
