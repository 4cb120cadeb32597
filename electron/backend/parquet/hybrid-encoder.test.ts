import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import { decodeHybrid } from '../ingest/sources/rle-hybrid.js';
import { ByteOutput } from './byte-output.js';
import { writeHybrid } from './hybrid-encoder.js';

/** Values with runs of every length, short and long, among scattered ones. */
function valuesWithRuns(count: number, width: number, random: () => number): Int32Array {
  const values = new Int32Array(count);
  const limit = 2 ** width;
  for (let at = 0; at < count; ) {
    const value = Math.floor(random() * limit);
    const run = random() < 0.5 ? 1 : Math.floor(random() * 40);
    values.fill(value | 0, at, Math.min(count, at + run));
    at += Math.max(1, run);
  }
  return values;
}

describe('writeHybrid', () => {
  it('writes values of every width that the decoder reads back exactly', () => {
    const random = seededRandom(7).next;
    for (let width = 1; width <= 32; width += 1) {
      const values = valuesWithRuns(5_000, width, random);
      if (width === 32) values.fill(-1, 100, 120);
      const output = new ByteOutput();
      writeHybrid(output, values, 0, values.length, width);
      const decoded = new Int32Array(values.length);
      const bytes = output.written();
      expect(decodeHybrid(bytes, 0, bytes.length, width, decoded, values.length)).toBe(bytes.length);
      expect(decoded, `width ${width}`).toEqual(values);
    }
  });

  it('writes a slice, padding only its last packed group', () => {
    const values = Uint8Array.from({ length: 50 }, (_, index) => (index * 7) % 2);
    const output = new ByteOutput();
    writeHybrid(output, values, 5, 26, 1);
    const decoded = new Uint8Array(21);
    const bytes = output.written();
    decodeHybrid(bytes, 0, bytes.length, 1, decoded, 21);
    expect(decoded).toEqual(values.subarray(5, 26));
    // One packed run of three groups: its header and three bytes.
    expect(bytes.length).toBe(4);
  });

  it('writes a long run as one repeated run', () => {
    const output = new ByteOutput();
    writeHybrid(output, new Uint8Array(1_000_000).fill(1), 0, 1_000_000, 1);
    expect([...output.written()]).toEqual([0x80, 0x89, 0x7a, 1]);
  });
});
