const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const SERIES_EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0] as number;
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += (LANCZOS_COEFFICIENTS[i] as number) / (shifted + i);
  const t = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * SERIES_EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Modified Lentz evaluation of the continued fraction for Q(a, x), valid for x >= a + 1. */
function upperGammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < SERIES_EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * fraction;
}

/** Q(a, x) = Γ(a, x) / Γ(a), the survival function of the gamma distribution. */
export function regularizedUpperGamma(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x < a + 1) return 1 - lowerGammaSeries(a, x);
  return upperGammaContinuedFraction(a, x);
}

/** P(a, x) = 1 - Q(a, x), computed directly where Q is close to one. */
export function regularizedLowerGamma(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return Number.NaN;
  if (x === 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x < a + 1) return lowerGammaSeries(a, x);
  return 1 - upperGammaContinuedFraction(a, x);
}

export function chiSquareSurvival(degreesOfFreedom: number, statistic: number): number {
  return regularizedUpperGamma(degreesOfFreedom / 2, statistic / 2);
}

function erf(x: number): number {
  const magnitude = regularizedLowerGamma(0.5, x * x);
  return x < 0 ? -magnitude : magnitude;
}

function erfc(x: number): number {
  if (x < 0) return 2 - regularizedUpperGamma(0.5, x * x);
  return regularizedUpperGamma(0.5, x * x);
}

/** The standard normal CDF, evaluated in the same order as scipy's ndtr so that rounding matches. */
export function normalCdf(x: number): number {
  const scaled = x * Math.SQRT1_2;
  const magnitude = Math.abs(scaled);
  let y: number;
  if (magnitude < Math.SQRT1_2) y = 0.5 + 0.5 * erf(scaled);
  else {
    y = 0.5 * erfc(magnitude);
    if (scaled > 0) y = 1 - y;
  }
  return y;
}

/** Round half to even, as numpy's round does. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
