import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import { matchedInFeatureOrder } from './match-order.js';

/** The order by its definition: matched rows sorted by (feature row, entity row). */
function byDefinition(matches: Int32Array): number[] {
  const rows = Array.from(matches.keys()).filter((row) => (matches[row] as number) >= 0);
  return rows.sort((a, b) => (matches[a] as number) - (matches[b] as number) || a - b);
}

describe('matchedInFeatureOrder', () => {
  it('orders matched entity rows by the feature row they matched, ties in entity order', () => {
    const matches = Int32Array.from([4, -1, 0, 4, 2, -1, 0, 9]);
    expect(Array.from(matchedInFeatureOrder(matches, 10))).toEqual([2, 6, 4, 0, 3, 7]);
    expect(Array.from(matchedInFeatureOrder(Int32Array.from([-1, -1]), 10))).toEqual([]);
    expect(Array.from(matchedInFeatureOrder(Int32Array.from([0, 0, 0]), 1))).toEqual([0, 1, 2]);
  });

  it('agrees with the definition on random matches over views of every size up to 2^31 rows', () => {
    const random = seededRandom(3);
    for (const featureRows of [2, 4_095, 4_096, 4_097, 500_000, 16_777_217, 2 ** 31 - 1]) {
      const matches = Int32Array.from({ length: 200_000 }, () =>
        random.int(5) === 0 ? -1 : Math.min(featureRows - 1, random.int(featureRows)),
      );
      const expected = byDefinition(matches);
      expect(Array.from(matchedInFeatureOrder(matches, featureRows)), `${featureRows} rows`).toEqual(expected);
      // Sorted in memory left over from other work (not zeroed), and with too little of it.
      const leftOver = new Int32Array(4 * matches.length).fill(7);
      expect(Array.from(matchedInFeatureOrder(matches, featureRows, leftOver)), `${featureRows} rows`).toEqual(
        expected,
      );
      expect(Array.from(matchedInFeatureOrder(matches, featureRows, new Int32Array(10).fill(7)))).toEqual(expected);
    }
  });
});
