import { kolmogorovSurvival } from './kolmogorov-distribution.js';
import { exactKsTwoSidedPValue } from './ks-exact.js';
import { chiSquareSurvival, normalCdf, roundHalfEven } from './special-functions.js';

export interface TestResult {
  statistic: number;
  pValue: number;
}

/** scipy's ks_2samp(method='auto') computes the exact distribution while neither sample exceeds this size. */
const EXACT_KS_MAX_SAMPLE = 10_000;

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

function largestEcdfGap(sortedA: Float64Array, sortedB: Float64Array): number {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let i = 0;
  let j = 0;
  let largest = 0;
  while (i < n1 || j < n2) {
    const next = Math.min(
      i < n1 ? (sortedA[i] as number) : Number.POSITIVE_INFINITY,
      j < n2 ? (sortedB[j] as number) : Number.POSITIVE_INFINITY,
    );
    while (i < n1 && sortedA[i] === next) i++;
    while (j < n2 && sortedB[j] === next) j++;
    const gap = Math.abs(i / n1 - j / n2);
    if (gap > largest) largest = gap;
  }
  return largest;
}

/** Two-sided two-sample Kolmogorov-Smirnov test on samples already sorted ascending. */
export function ksTwoSampleSorted(sortedA: Float64Array, sortedB: Float64Array): TestResult {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ksTwoSample needs two non-empty samples');
  const statistic = largestEcdfGap(sortedA, sortedB);
  if (Math.max(n1, n2) <= EXACT_KS_MAX_SAMPLE) {
    const exact = exactKsTwoSidedPValue(n1, n2, statistic);
    if (exact) return exact;
  }
  const larger = Math.max(n1, n2);
  const smaller = Math.min(n1, n2);
  const effectiveSize = roundHalfEven((larger * smaller) / (larger + smaller));
  return { statistic, pValue: Math.min(1, Math.max(0, kolmogorovSurvival(effectiveSize, statistic))) };
}

/** scipy.stats.ks_2samp(a, b) with its defaults: two-sided, method 'auto'. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): TestResult {
  return ksTwoSampleSorted(sortedCopy(a), sortedCopy(b));
}

/** scipy.stats.chisquare(observed, expected): Pearson's statistic with k - 1 degrees of freedom. */
export function chiSquareTest(observed: ArrayLike<number>, expected: ArrayLike<number>): TestResult {
  if (observed.length !== expected.length) throw new RangeError('observed and expected differ in length');
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const difference = (observed[i] as number) - (expected[i] as number);
    statistic += (difference * difference) / (expected[i] as number);
  }
  const degreesOfFreedom = observed.length - 1;
  const pValue = degreesOfFreedom >= 1 ? chiSquareSurvival(degreesOfFreedom, statistic) : Number.NaN;
  return { statistic, pValue };
}

/** Two-sided pooled z-test for the difference of two proportions, as Evidently's "z" stattest computes it. */
export function zTestProportions(hitsA: number, sizeA: number, hitsB: number, sizeB: number): TestResult {
  const proportionA = hitsA / sizeA;
  const proportionB = hitsB / sizeB;
  const pooled = (proportionA * sizeA + proportionB * sizeB) / (sizeA + sizeB);
  const statistic = (proportionA - proportionB) / Math.sqrt(pooled * (1 - pooled) * (1 / sizeA + 1 / sizeB));
  return { statistic, pValue: 2 * (1 - normalCdf(Math.abs(statistic))) };
}

/** scipy.stats.wasserstein_distance for unweighted 1-D samples already sorted ascending. */
export function wassersteinDistanceSorted(sortedA: Float64Array, sortedB: Float64Array): number {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let compensation = 0;
  let previous = Math.min(sortedA[0] as number, sortedB[0] as number);
  while (i < n1 || j < n2) {
    const next = Math.min(
      i < n1 ? (sortedA[i] as number) : Number.POSITIVE_INFINITY,
      j < n2 ? (sortedB[j] as number) : Number.POSITIVE_INFINITY,
    );
    const term = Math.abs(i / n1 - j / n2) * (next - previous);
    const total = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - total + term : term - total + sum;
    sum = total;
    previous = next;
    while (i < n1 && sortedA[i] === next) i++;
    while (j < n2 && sortedB[j] === next) j++;
  }
  return sum + compensation;
}

export function wassersteinDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) throw new RangeError('wassersteinDistance needs two non-empty samples');
  return wassersteinDistanceSorted(sortedCopy(a), sortedCopy(b));
}

function relativeEntropyTerm(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

/** scipy.spatial.distance.jensenshannon(p, q) with the natural logarithm; p and q are normalised first. */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError('p and q differ in length');
  let totalP = 0;
  let totalQ = 0;
  for (let i = 0; i < p.length; i++) {
    totalP += p[i] as number;
    totalQ += q[i] as number;
  }
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) / totalP;
    const qi = (q[i] as number) / totalQ;
    const middle = (pi + qi) / 2;
    left += relativeEntropyTerm(pi, middle);
    right += relativeEntropyTerm(qi, middle);
  }
  return Math.sqrt((left + right) / 2);
}

/** PSI = Σ (reference − current) · ln(reference / current) over shared bins of percentages. */
export function populationStabilityIndex(
  referencePercents: ArrayLike<number>,
  currentPercents: ArrayLike<number>,
): number {
  if (referencePercents.length !== currentPercents.length) throw new RangeError('percent arrays differ in length');
  let psi = 0;
  for (let i = 0; i < referencePercents.length; i++) {
    const reference = referencePercents[i] as number;
    const current = currentPercents[i] as number;
    psi += (reference - current) * Math.log(reference / current);
  }
  return psi;
}
