import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SequenceSpec {
  count: number;
  offset: number;
  multiplier: number;
  scale: number;
  shift: number;
}
export interface SampleCase {
  name: string;
  a?: number[];
  b?: number[];
  aSpec?: SequenceSpec;
  bSpec?: SequenceSpec;
}
export interface KsCase extends SampleCase {
  statistic: number;
  pValue: number;
  exact: boolean;
}
export interface WassersteinCase extends SampleCase {
  distance: number;
}
export interface BinningCase {
  name: string;
  reference: (number | string)[];
  current: (number | string)[];
  numeric: boolean;
  referencePercents: number[];
  currentPercents: number[];
  rawReferencePercents: number[];
  rawCurrentPercents: number[];
  psi: number;
  jensenShannon: number;
  keys?: (number | string)[];
  edges?: number[];
}
export interface Fixture {
  ks: KsCase[];
  kolmogorov: { n: number; x: number; sf: number }[];
  chiSquare: { name: string; observed: number[]; expected: number[]; statistic: number; pValue: number }[];
  wasserstein: WassersteinCase[];
  jensenShannon: { p: number[]; q: number[]; distance: number }[];
  zTest: { name: string; reference: string[]; current: string[]; statistic?: number; pValue: number }[];
  binning: BinningCase[];
}

const NON_FINITE: Record<string, number> = {
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  NaN: Number.NaN,
};
export const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'scipy-reference-values.json'), 'utf8'),
  (_key, value) => (typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value),
) as Fixture;

export function sequence(spec: SequenceSpec): Float64Array {
  const values = new Float64Array(spec.count);
  for (let i = 0; i < spec.count; i++) {
    values[i] = Math.floor((((i + spec.offset) * spec.multiplier) % 1) * spec.scale * 1000) / 1000 + spec.shift;
  }
  return values;
}

export const samples = (testCase: SampleCase): [ArrayLike<number>, ArrayLike<number>] => [
  testCase.a ?? sequence(testCase.aSpec as SequenceSpec),
  testCase.b ?? sequence(testCase.bSpec as SequenceSpec),
];
