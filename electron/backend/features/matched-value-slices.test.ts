import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import type { RowSlice } from './feature-rows.js';
import { matchedValueSlices } from './matched-value-slices.js';

function equalSlices(rows: number, readers: number): RowSlice[] {
  const size = Math.ceil(rows / readers);
  return Array.from({ length: readers }, (_, index) => ({
    offset: index * size,
    limit: Math.max(0, Math.min(size, rows - index * size)),
  }));
}

/** A reader's work in a one-table scan: every row up to its slice's end, and its wanted rows (each worth 8). */
const work = (marks: Uint8Array, { offset, limit }: RowSlice) =>
  offset + limit + 8 * marks.subarray(offset, offset + limit).reduce((sum, mark) => sum + mark, 0);

describe('matchedValueSlices', () => {
  it("keeps the first pass's slices for a view that is not one table scan", () => {
    const marks = new Uint8Array(1_000_000).fill(1, 0, 1000);
    const firstPass = equalSlices(1_000_000, 2);
    expect(matchedValueSlices(marks, firstPass, false)).toEqual(firstPass);
  });

  it('gives the first reader more rows of a one-table scan, so that both do about the same work', () => {
    const random = seededRandom(5);
    const marks = Uint8Array.from({ length: 5_000_000 }, () => (random.chance(0.193) ? 1 : 0));
    const [first, second] = matchedValueSlices(marks, equalSlices(marks.length, 2), true) as [RowSlice, RowSlice];
    // Uniform marks: the cut is where s + 8ds = N + 8d(N - s), at (1 + 8d) / (1 + 16d) of the rows.
    expect(first.limit / marks.length).toBeCloseTo((1 + 8 * 0.193) / (1 + 16 * 0.193), 2);
    expect(Math.abs(work(marks, first) - work(marks, second)) / work(marks, second)).toBeLessThan(0.01);
  });

  it('covers every row once, in order, for any number of readers and any marks', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 40; round += 1) {
      const rows = random.int(300_000);
      const density = random.next();
      const marks = Uint8Array.from({ length: rows }, () => (random.chance(density) ? 1 : 0));
      const readers = 1 + random.int(5);
      const slices = matchedValueSlices(marks, equalSlices(rows, readers), true);
      expect(slices.length).toBeLessThanOrEqual(readers);
      let next = 0;
      for (const slice of slices) {
        expect(slice.offset).toBe(next);
        expect(slice.limit).toBeGreaterThan(0);
        next += slice.limit;
      }
      expect(next, `round ${round}`).toBe(rows);
    }
  });
});
