const EXPONENT_STEP = 128;
const BIG = 2 ** EXPONENT_STEP;
const SMALL = 2 ** -EXPONENT_STEP;
const MIN_LOG = -708;
const SMIRNOV_MIN_LOG = -708.3964185322641;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);
const LOG_TWO_PI = Math.log(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
const STIRLING_COEFFICIENTS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417, -0.0005952380952380953,
  0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

const clip = (p: number) => Math.min(1, Math.max(0, p));

function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const coefficient of coefficients) value = value * x + coefficient;
  return value;
}

function logFactorialOverPower(n: number): number {
  const reciprocal = 1 / n;
  return Math.log(n) / 2 - n + LOG_TWO_PI / 2 + reciprocal * polynomial(STIRLING_COEFFICIENTS, reciprocal / n);
}

/** Survival of the one-sided Smirnov statistic D+ (Birnbaum-Tingey sum), as scipy.special.smirnov. */
export function smirnovSurvival(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxFloor = Math.floor(nx);
  const alpha = nx - nxFloor;
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < SMIRNOV_MIN_LOG) return 0;
  if (nxFloor >= n - 1) return (1 - x) ** n;
  const terms = n - nxFloor;
  let logBinomial = 0;
  let sum = (1 - x) ** n / x;
  for (let v = 1; v < terms; v++) {
    logBinomial += Math.log((n - v + 1) / v);
    const above = x + v / n;
    const below = (n - v) / n - x;
    const term = Math.exp(logBinomial + (v - 1) * Math.log(above) + (n - v) * Math.log(below));
    sum += term;
    if (term !== 0 && 4 * (terms - v) * term < Number.EPSILON * sum && v !== terms - 1) break;
  }
  return clip(sum * x);
}

function squareMatrixProduct(left: Float64Array, right: Float64Array, size: number): Float64Array {
  const product = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < size; k++) {
      const factor = left[i * size + k] as number;
      if (factor === 0) continue;
      for (let j = 0; j < size; j++)
        product[i * size + j] = (product[i * size + j] as number) + factor * (right[k * size + j] as number);
    }
  }
  return product;
}

/** Pr(D_n <= d) by Durbin's matrix method with the Marsaglia-Tsang-Wang scaling. */
function kolmogorovCdfDurbinMatrix(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let matrix: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  v[m - 1] = (1 + Math.max(2 * h - 1, 0) ** m - 2 * h ** m) * factorial;
  for (let i = 1; i < m; i++) {
    for (let row = i - 1; row < m; row++) matrix[row * m + i] = w[row - i + 1] as number;
  }
  for (let row = 0; row < m; row++) matrix[row * m] = v[row] as number;
  for (let column = 0; column < m; column++) matrix[(m - 1) * m + column] = v[m - 1 - column] as number;
  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let remaining = n;
  let exponent = 0;
  let matrixExponent = 0;
  const centre = (k - 1) * m + (k - 1);
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      power = squareMatrixProduct(power, matrix, m);
      exponent += matrixExponent;
    }
    matrix = squareMatrixProduct(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[centre] as number) > BIG) {
      for (let i = 0; i < matrix.length; i++) matrix[i] = (matrix[i] as number) / BIG;
      matrixExponent += EXPONENT_STEP;
    }
    remaining = Math.floor(remaining / 2);
  }
  let p = power[centre] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SMALL) {
      p *= BIG;
      exponent -= EXPONENT_STEP;
    }
  }
  if (exponent !== 0) p *= 2 ** exponent;
  return clip(p);
}

function pomeranzRowBounds(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Pr(D_n <= x) by Pomeranz's recursion. */
function kolmogorovCdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powers = 2 * (ll + 1);
  const gPower = new Float64Array(powers);
  const twoGPower = new Float64Array(powers);
  const oneMinusTwoGPower = new Float64Array(powers);
  gPower[0] = 1;
  twoGPower[0] = 1;
  oneMinusTwoGPower[0] = 1;
  for (let m = 1; m < powers; m++) {
    gPower[m] = ((gPower[m - 1] as number) * (g / n)) / m;
    twoGPower[m] = ((twoGPower[m - 1] as number) * ((2 * g) / n)) / m;
    oneMinusTwoGPower[m] = ((oneMinusTwoGPower[m - 1] as number) * ((1 - 2 * g) / n)) / m;
  }
  let previous = new Float64Array(powers);
  let current = new Float64Array(powers);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzRowBounds(0, n, ll, ceilF, roundF);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    [j1, j2] = pomeranzRowBounds(i, n, ll, ceilF, roundF);
    const rowPowers = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const windowLength = j2 - k1 + 1;
    if (windowLength > 0) {
      const offset = k1 - previousStart;
      const sourceLength = Math.min(windowLength, powers - offset);
      const convolutionStart = j1 - k1;
      const convolutionLength = j2 - j1 + 1;
      let largest = 0;
      for (let out = 0; out < convolutionLength; out++) {
        const index = convolutionStart + out;
        let sum = 0;
        const from = Math.max(0, index - windowLength + 1);
        const to = Math.min(index, sourceLength - 1);
        for (let s = from; s <= to; s++) sum += (previous[offset + s] as number) * (rowPowers[index - s] as number);
        current[out] = sum;
        if (sum > largest) largest = sum;
      }
      if (largest > 0 && largest < SMALL) {
        for (let out = 0; out < convolutionLength; out++) current[out] = (current[out] as number) * BIG;
        exponent -= EXPONENT_STEP;
      }
      currentStart = previousStart + j1 - k1;
    }
  }
  let answer = current[n - currentStart] as number;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > BIG) {
      answer *= SMALL;
      exponent += EXPONENT_STEP;
    }
    answer *= m;
  }
  if (exponent !== 0) answer *= 2 ** exponent;
  return clip(answer);
}

/** Pelz-Good asymptotic expansion of Pr(D_n <= x). */
function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qLog = -PI_SQUARED / 8 / z2;
  if (qLog < MIN_LOG) return 0;
  let q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * z2)) / 16;
  const k3d = (PI_SIX * (5 - 30 * z2)) / 64;
  const k3c = (PI_FOUR * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI_SQUARED * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qPower = q ** (8 * k);
    const coefficients = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) terms[i] = (terms[i] as number) * qPower + (coefficients[i] as number);
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) terms[i] = ((terms[i] as number) * q * SQRT_TWO_PI) / (divisors[i] as number);
  q = Math.exp(-PI_SQUARED / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qPower = q ** k2;
    k2Extra += k2 * qPower;
    const kPi = Math.PI * k;
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qPower;
  }
  terms[2] = (terms[2] as number) + (k2Extra * PI_SQUARED * SQRT_TWO_PI) / (-36 * z3);
  terms[3] = (terms[3] as number) + (k3Extra * PI_SQUARED * SQRT_TWO_PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (terms[i] as number) / n ** (i / 2);
  return sum;
}

/**
 * Survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n
 * (scipy.stats.kstwo.sf), choosing among the same algorithms as scipy (Simard & L'Ecuyer).
 */
export function kolmogorovSurvival(n: number, x: number): number {
  if (Number.isNaN(n) || !Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let probability: number;
    if (n <= 140) {
      probability = 1;
      for (let i = 1; i <= n; i++) probability *= i * (1 / n) * (2 * t - 1);
    } else probability = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip(1 - probability);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogorovCdfDurbinMatrix(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogorovCdfPomeranz(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSurvival(n, x));
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = kolmogorovCdfDurbinMatrix(n, x);
  else cdf = kolmogorovCdfPelzGood(n, x);
  return clip(1 - cdf);
}
