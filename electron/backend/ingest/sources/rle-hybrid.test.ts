import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/test-support/seeded-random.js';
import { decodeHybrid, HybridDataError } from './rle-hybrid.js';

/** A ULEB128 varint, as run headers are written. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** A run of `value` repeated `count` times, its value in whole bytes, little-endian. */
function repeatedRun(value: number, count: number, width: number): number[] {
  const bytes = varint(count * 2);
  for (let index = 0; index < Math.ceil(width / 8); index += 1) bytes.push(Math.floor(value / 2 ** (8 * index)) % 256);
  return bytes;
}

/** A bit-packed run of `values` (padded with zeros to groups of 8), least significant bit first. */
function packedRun(values: number[], width: number): number[] {
  const groups = Math.ceil(values.length / 8);
  const bits: number[] = [];
  for (let index = 0; index < groups * 8; index += 1) {
    const value = values[index] ?? 0;
    for (let bit = 0; bit < width; bit += 1) bits.push(Math.floor(value / 2 ** bit) % 2);
  }
  const bytes = varint(groups * 2 + 1);
  for (let at = 0; at < bits.length; at += 8)
    bytes.push(bits.slice(at, at + 8).reduce((byte, bit, index) => byte + bit * 2 ** index, 0));
  return bytes;
}

describe('decodeHybrid', () => {
  it('decodes mixed repeated and bit-packed runs of every width from 0 to 32', () => {
    const random = seededRandom(7).next;
    for (let width = 0; width <= 32; width += 1) {
      const largest = 2 ** width;
      const expected: number[] = [];
      const bytes: number[] = [];
      for (let run = 0; run < 40; run += 1) {
        const count = 1 + Math.floor(random() * 30);
        const values = Array.from({ length: count }, () => Math.floor(random() * largest));
        if (run % 2 === 0) {
          bytes.push(...repeatedRun(values[0] as number, count, width));
          expected.push(...Array<number>(count).fill(values[0] as number));
        } else {
          // A packed run's padding is not values: only the last run of the data may end short.
          const whole = values.slice(0, Math.max(8, count - (count % 8)));
          while (whole.length % 8 !== 0) whole.push(Math.floor(random() * largest));
          bytes.push(...packedRun(whole, width));
          expected.push(...whole);
        }
      }
      const out = new Int32Array(expected.length);
      const end = decodeHybrid(Uint8Array.from(bytes), 0, bytes.length, width, out, expected.length);
      // Width 32: values at and above 2^31 read back as an Int32Array holds them.
      expect([width, end, Array.from(out)]).toEqual([width, bytes.length, expected.map((value) => value | 0)]);
    }
  });

  it('stops at the values asked for inside a padded last group, and reads from an offset', () => {
    const bytes = [9, 9, ...packedRun([1, 2, 3, 4, 5], 3)];
    const out = new Int32Array(5);
    const end = decodeHybrid(Uint8Array.from(bytes), 2, bytes.length, 3, out, 5);
    expect([Array.from(out), end]).toEqual([[1, 2, 3, 4, 5], bytes.length]);
  });

  it('refuses runs that end before their values, or a width Parquet does not write', () => {
    const packed = packedRun([1, 0, 1, 1, 0, 0, 1, 0], 1);
    expect(() => decodeHybrid(Uint8Array.from(packed), 0, packed.length, 1, new Uint8Array(9), 9)).toThrow(
      HybridDataError,
    );
    const cut = packedRun([7, 7, 7, 7, 7, 7, 7, 7], 3).slice(0, 2);
    expect(() => decodeHybrid(Uint8Array.from(cut), 0, cut.length, 3, new Int32Array(8), 8)).toThrow(
      /goes past the end/,
    );
    const repeated = repeatedRun(300, 4, 9).slice(0, 2);
    expect(() => decodeHybrid(Uint8Array.from(repeated), 0, repeated.length, 9, new Int32Array(4), 4)).toThrow(
      /goes past the end/,
    );
    expect(() => decodeHybrid(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]), 0, 5, 1, new Uint8Array(1), 1)).toThrow(
      HybridDataError,
    );
    expect(() => decodeHybrid(new Uint8Array(4), 0, 4, 33, new Int32Array(1), 1)).toThrow(/bit width of 33/);
  });
});
