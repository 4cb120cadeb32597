import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import { matchedInFeatureOrder } from './match-order.js';

describe('matchedInFeatureOrder', () => {
  it('orders matched entity rows by the feature row they matched, ties in entity order, either way', () => {
    const matches = Int32Array.from([4, -1, 0, 4, 2, -1, 0, 9]);
    const expected = [2, 6, 4, 0, 3, 7];
    expect(Array.from(matchedInFeatureOrder(matches, 10))).toEqual(expected);
    expect(Array.from(matchedInFeatureOrder(matches, 10, 1))).toEqual(expected);
  });

  it('gives the same order by sorting and by counting on a million random matches', () => {
    const random = seededRandom(3);
    const matches = Int32Array.from({ length: 1_000_000 }, () => random.int(600_000) - 100_000);
    expect(matchedInFeatureOrder(matches, 500_000)).toEqual(matchedInFeatureOrder(matches, 500_000, 1));
  });
});
