import { TriadError } from '../../../shared/contract/errors.js';

export type FeatureValue = number | string | null;
export type FeatureKind = 'numeric' | 'categorical';
export type Category = number | string;

export interface NumericSample {
  kind: 'numeric';
  sorted: Float64Array;
}

export interface CategoricalSample {
  kind: 'categorical';
  counts: Map<Category, number>;
  size: number;
}

export type FeatureSample = NumericSample | CategoricalSample;

export const sampleSize = (sample: FeatureSample): number =>
  sample.kind === 'numeric' ? sample.sorted.length : sample.size;

/** Finite numbers only: Evidently replaces ±inf by NaN and drops NaN before testing. */
function numericSample(values: readonly FeatureValue[], feature: string, side: string): NumericSample {
  const kept = new Float64Array(values.length);
  let size = 0;
  for (const value of values) {
    if (value === null) continue;
    if (typeof value !== 'number') {
      throw new TriadError(
        'invalid_input',
        `Feature "${feature}" is numeric but its ${side} data holds text: "${value}"`,
      );
    }
    if (Number.isFinite(value)) kept[size++] = value;
  }
  return { kind: 'numeric', sorted: kept.subarray(0, size).sort() };
}

function categoricalSample(values: readonly FeatureValue[]): CategoricalSample {
  const counts = new Map<Category, number>();
  let size = 0;
  for (const value of values) {
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    size++;
  }
  return { kind: 'categorical', counts, size };
}

export function featureSample(
  values: readonly FeatureValue[],
  kind: FeatureKind,
  feature: string,
  side: 'reference' | 'live',
): FeatureSample {
  const sample = kind === 'numeric' ? numericSample(values, feature, side) : categoricalSample(values);
  if (sampleSize(sample) === 0) {
    throw new TriadError(
      'invalid_input',
      `Feature "${feature}" has no ${side} values to compare (all missing or empty)`,
    );
  }
  return sample;
}

export function countsOfSorted(sorted: Float64Array): Map<Category, number> {
  const counts = new Map<Category, number>();
  let start = 0;
  while (start < sorted.length) {
    const value = sorted[start] as number;
    let end = start + 1;
    while (end < sorted.length && sorted[end] === value) end++;
    counts.set(value, end - start);
    start = end;
  }
  return counts;
}

export const categoryCounts = (sample: FeatureSample): Map<Category, number> =>
  sample.kind === 'numeric' ? countsOfSorted(sample.sorted) : sample.counts;

export function distinctCount(sample: FeatureSample): number {
  if (sample.kind === 'categorical') return sample.counts.size;
  let distinct = 0;
  for (let i = 0; i < sample.sorted.length; i++) if (i === 0 || sample.sorted[i] !== sample.sorted[i - 1]) distinct++;
  return distinct;
}

export function distinctCountOfUnion(reference: FeatureSample, live: FeatureSample): number {
  if (reference.kind === 'categorical' || live.kind === 'categorical') {
    const union = new Set(categoryCounts(reference).keys());
    for (const key of categoryCounts(live).keys()) union.add(key);
    return union.size;
  }
  const a = reference.sorted;
  const b = live.sorted;
  let i = 0;
  let j = 0;
  let distinct = 0;
  while (i < a.length || j < b.length) {
    const next = Math.min(
      i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY,
      j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY,
    );
    distinct++;
    while (i < a.length && a[i] === next) i++;
    while (j < b.length && b[j] === next) j++;
  }
  return distinct;
}

export function unionOfCategories(reference: Map<Category, number>, live: Map<Category, number>): Category[] {
  const union = new Set(reference.keys());
  for (const key of live.keys()) union.add(key);
  return [...union];
}
