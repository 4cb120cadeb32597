import { describe, expect, it } from 'vitest';
import { exponential } from './exponential.js';

function relativeError(x: number): number {
  const exact = Math.exp(x);
  return Math.abs(exponential(x) - exact) / exact;
}

describe('exponential', () => {
  it('matches Math.exp to about 1e-15 over the whole range', () => {
    let worst = 0;
    for (let x = -745; x <= 709.78; x += 0.00731) worst = Math.max(worst, relativeError(x));
    for (let x = -1; x <= 1; x += 1e-5) worst = Math.max(worst, relativeError(x));
    expect(worst).toBeLessThan(2e-15);
  });

  it('gives 1 at 0, Infinity past overflow, 0 past underflow, NaN for NaN', () => {
    expect(exponential(0)).toBe(1);
    expect(exponential(710)).toBe(Number.POSITIVE_INFINITY);
    expect(exponential(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(exponential(-746)).toBe(0);
    expect(exponential(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(exponential(Number.NaN)).toBeNaN();
  });
});
