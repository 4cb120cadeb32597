import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import { oneNodeSession } from '../test-support/identity-models.js';
import { fromFloat16Bits, toFloat16Bits } from './float16.js';

describe('float16', () => {
  it('round-trips every one of the 65536 bit patterns (NaNs to a NaN of the same sign-less kind)', () => {
    let mismatches = 0;
    for (let bits = 0; bits < 0x10000; bits += 1) {
      const value = fromFloat16Bits(bits);
      const back = toFloat16Bits(value);
      const isNaNPattern = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (isNaNPattern ? back !== 0x7e00 || !Number.isNaN(value) : back !== bits) mismatches += 1;
    }
    expect(mismatches).toBe(0);
  });

  it('orders the decoded values: each finite pattern lies strictly between its neighbours', () => {
    for (let bits = 1; bits < 0x7c00; bits += 1)
      expect(fromFloat16Bits(bits)).toBeGreaterThan(fromFloat16Bits(bits - 1));
  });

  it('decodes the landmark values', () => {
    expect(fromFloat16Bits(0x3c00)).toBe(1);
    expect(fromFloat16Bits(0xc000)).toBe(-2);
    expect(fromFloat16Bits(0x7bff)).toBe(65504);
    expect(fromFloat16Bits(0x0400)).toBe(2 ** -14);
    expect(fromFloat16Bits(0x0001)).toBe(2 ** -24);
    expect(fromFloat16Bits(0x03ff)).toBe(1023 * 2 ** -24);
    expect(fromFloat16Bits(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(fromFloat16Bits(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(fromFloat16Bits(0x8000), -0)).toBe(true);
    expect(fromFloat16Bits(0x7e00)).toBeNaN();
    expect(fromFloat16Bits(0x3555)).toBe(0.333251953125);
  });

  it('rounds to nearest, ties to even, in normal and subnormal ranges', () => {
    expect(toFloat16Bits(0.1)).toBe(0x2e66);
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie, even stays
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, odd rounds up
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01); // just past the tie
    expect(toFloat16Bits(2 - 2 ** -12)).toBe(0x4000); // carries into the exponent
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000); // half the smallest subnormal: tie to even zero
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    expect(toFloat16Bits(2 ** -25 + 2 ** -60)).toBe(0x0001);
    expect(toFloat16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400); // largest subnormal rounds up to the smallest normal
    expect(toFloat16Bits(-1e-10)).toBe(0x8000);
  });

  it('overflows to Infinity from the halfway point past 65504 and keeps signs', () => {
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(65519.99)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(-1e300)).toBe(0xfc00);
    expect(toFloat16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(toFloat16Bits(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
    expect(toFloat16Bits(Number.NaN)).toBe(0x7e00);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(0)).toBe(0);
  });

  it('agrees with rounding each double to the nearer of its two half neighbours', () => {
    const random = seededRandom(12345).next;
    for (let trial = 0; trial < 20000; trial += 1) {
      const value = (random() - 0.5) * 2 ** Math.floor(random() * 40 - 26);
      const magnitude = Math.abs(value);
      const bits = toFloat16Bits(magnitude);
      expect(toFloat16Bits(-magnitude)).toBe(bits | 0x8000);
      const distance = Math.abs(fromFloat16Bits(bits) - magnitude);
      if (bits > 0) expect(distance).toBeLessThanOrEqual(Math.abs(fromFloat16Bits(bits - 1) - magnitude));
      expect(distance).toBeLessThanOrEqual(Math.abs(fromFloat16Bits(bits + 1) - magnitude));
    }
  });

  it("agrees with onnxruntime's own float32 to float16 Cast, ties and subnormals included", async () => {
    const values: number[] = [];
    for (let bits = 0; bits < 0x7c00; bits += 7) {
      const low = fromFloat16Bits(bits);
      const high = fromFloat16Bits(bits + 1);
      values.push(low, (low + high) / 2, low + (high - low) / 4, high - (high - low) / 4);
    }
    values.push(65504, 65519, 65520, 1e6, 2 ** -25, 2 ** -26, 1e-10);
    const inputs = new Float32Array([...values, ...values.map((value) => -value)]);
    const session = await oneNodeSession('Cast', 'FP32', ['n'], 'FP16');
    try {
      const output = await session.run({ x: new ort.Tensor('float32', inputs, [inputs.length]) });
      const theirs = output.y?.data as Uint16Array;
      const mismatches = Array.from(inputs).filter((value, index) => toFloat16Bits(value) !== theirs[index]);
      expect(mismatches).toEqual([]);
    } finally {
      await session.release();
    }
  });
});
