/** Proportion of lattice paths from (0,0) to (n,n) that reach a diagonal x - y = ±h (equal samples). */
function probabilityOutsideSquare(n: number, h: number): number {
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    probability = p1 * (1 - probability);
  }
  return 2 * probability;
}

/**
 * Proportion of lattice paths from (0,0) to (m,n) that do not stay strictly inside |x/m - y/n| < h/lcm,
 * by Hodges' inside method with Viehmann's recursion for the complement, as scipy computes it.
 */
function probabilityOutsideBand(first: number, second: number, g: number, h: number): number {
  const m = Math.max(first, second);
  const n = Math.min(first, second);
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  const column = new Float64Array(Math.min(2 * maxJ + 2, n + 1)).fill(1);
  column.fill(0, minJ, maxJ);
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let value = minJ === 0 ? 0 : 1;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = ((column[jj + minJ - lastMinJ] as number) * i + value * j) / (i + j);
      column[jj] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1] as number;
}

export function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export interface ExactKsResult {
  statistic: number;
  pValue: number;
}

/**
 * The exact two-sided p-value of the two-sample KS statistic, or null where it cannot be computed
 * in floating point (scipy then falls back to the asymptotic distribution).
 */
export function exactKsTwoSidedPValue(n1: number, n2: number, statistic: number): ExactKsResult | null {
  const g = greatestCommonDivisor(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(statistic * lcm);
  const rounded = h / lcm;
  if (h === 0) return { statistic: rounded, pValue: 1 };
  const pValue = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  if (!(pValue >= 0 && pValue <= 1)) return null;
  return { statistic: rounded, pValue };
}
