import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/seeded-random.js';
import {
  type FeatureTimeline,
  indexTimeline,
  pointInTimeJoin,
  type TimedKeys,
  touchedJoinSpace,
} from './point-in-time-join.js';

/** The rule written as plainly as possible, to check the fast join against. */
function naiveJoin(entities: TimedKeys, features: FeatureTimeline, ttlMs: number): number[] {
  return Array.from(entities.keys, (key, row) => {
    const at = entities.times[row] as number;
    let best = -1;
    Array.from(features.keys).forEach((featureKey, index) => {
      const time = features.times[index] as number;
      if (featureKey !== key || Number.isNaN(time) || time > at || (ttlMs > 0 && time < at - ttlMs)) return;
      if (best < 0) {
        best = index;
        return;
      }
      const bestTime = features.times[best] as number;
      const newer = time > bestTime;
      const made = features.created ? (features.created[index] as number) : 0;
      const bestMade = features.created ? (features.created[best] as number) : 0;
      // Equal event and creation times: the last row, as a stable sort by time would leave it.
      const sameTimeLaterCreated = time === bestTime && (made > bestMade || (made === bestMade && index > best));
      if (newer || sameTimeLaterCreated) best = index;
    });
    return best;
  });
}

describe('point-in-time join', () => {
  it('makes its room in a block of memory large enough, touching all of it, else on its own', () => {
    const block = new SharedArrayBuffer(8 * 15);
    const space = touchedJoinSpace(6, 4, block);
    expect(new Float64Array(block).every(Number.isNaN)).toBe(true);
    // Side by side, none overlapping: doubles first, then integers.
    const places = [space.groupTimes, space.groupedTimes, space.order, space.groupedRows].map((array) => [
      array.byteOffset,
      array.byteOffset + array.byteLength,
    ]);
    expect(places).toEqual([
      [0, 48],
      [48, 80],
      [80, 104],
      [104, 120],
    ]);
    expect(space.groupedRows.buffer).toBe(block);
    const small = new SharedArrayBuffer(8 * 14);
    expect(touchedJoinSpace(6, 4, small).order.buffer).not.toBe(small);
  });

  it('follows each rule on a hand-made case', () => {
    const features: FeatureTimeline = {
      keys: ['a', 'a', 'a', 'a', 'b'],
      times: Float64Array.from([10, 20, 20, 40, 5]),
      created: Float64Array.from([1, 5, 3, 1, 1]),
    };
    const entities: TimedKeys = {
      keys: ['a', 'a', 'a', 'a', 'b', 'c', 'a'],
      times: Float64Array.from([9, 10, 25, 100, 100, 100, 45]),
    };
    const matches = pointInTimeJoin(entities, indexTimeline(features), 30);
    // before any row; exactly at a row; tie at 20 broken by created (row 1); outside ttl; ttl ok for b? 100-30=70 > 5 so no; unknown key; latest within ttl
    expect([...matches]).toEqual([-1, 0, 1, -1, -1, -1, 3]);
    expect([...pointInTimeJoin(entities, indexTimeline(features), 0)]).toEqual([-1, 0, 1, 3, 4, -1, 3]);
  });

  it('never matches a null key, and compares keys as they are (converted to the key type before, see join-keys.ts)', () => {
    const features: FeatureTimeline = {
      keys: Float64Array.from([7, Number.NaN, 8]),
      times: Float64Array.from([1, 1, 1]),
      created: null,
    };
    const entities: TimedKeys = { keys: [7, null, 8, '8', 'x'], times: Float64Array.from([5, 5, 5, 5, 5]) };
    expect([...pointInTimeJoin(entities, indexTimeline(features), 0)]).toEqual([0, -1, 2, -1, -1]);
    const textFeatures: FeatureTimeline = { keys: ['7', null], times: Float64Array.from([1, 1]), created: null };
    expect([
      ...pointInTimeJoin({ keys: ['7', null, 7], times: Float64Array.from([5, 5, 5]) }, indexTimeline(textFeatures), 0),
    ]).toEqual([0, -1, -1]);
  });

  it('matches the naive rule on random data, for many seeds', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = seededRandom(seed);
      const keyCount = 1 + Math.floor(random() * 6);
      // Every tenth seed has groups of hundreds of rows, sorted by merging runs.
      const featureRows = Math.floor(random() * (seed % 10 === 0 ? 1_500 : 120));
      const entityRows = 1 + Math.floor(random() * 40);
      const withCreated = random() < 0.5;
      // Text keys on odd seeds; integer ids (held in a typed array, as read from SQLite) on even
      // ones, too large to be array slots on every fourth.
      const numeric = seed % 2 === 0;
      const base = seed % 4 === 2 ? 2 ** 40 : 0;
      const key = () => (numeric ? base + Math.floor(random() * keyCount) : `k${Math.floor(random() * keyCount)}`);
      // Few distinct times, so ties are common.
      const time = () => Math.floor(random() * 30);
      // Now and then a feature row without a key or without an event time: it never matches.
      const featureKey = () => (numeric && random() < 0.05 ? Number.NaN : key());
      const featureTime = () => (random() < 0.05 ? Number.NaN : time());
      const features: FeatureTimeline = {
        keys: numeric
          ? Float64Array.from({ length: featureRows }, featureKey as () => number)
          : Array.from({ length: featureRows }, key),
        times: Float64Array.from({ length: featureRows }, featureTime),
        created: withCreated ? Float64Array.from({ length: featureRows }, () => Math.floor(random() * 1000)) : null,
      };
      // Now and then an entity key no feature row can have: a fraction, a negative number.
      const entityKey = () => (numeric && random() < 0.1 ? (random() < 0.5 ? 1.5 : -1) : key());
      const entities: TimedKeys = {
        keys: Array.from({ length: entityRows }, entityKey),
        times: Float64Array.from({ length: entityRows }, time),
      };
      const ttl = random() < 0.3 ? 0 : Math.floor(random() * 15);
      const fast = [...pointInTimeJoin(entities, indexTimeline(features), ttl)];
      const expected = naiveJoin(entities, features, ttl);
      expect(fast, `seed ${seed}`).toEqual(expected);
      // Indexed in room made ahead (larger than needed, not zeroed), on its own or inside a block
      // of other memory, the same.
      const space = touchedJoinSpace(features.keys.length + 3, entityRows + 2);
      const inSpace = pointInTimeJoin(entities, indexTimeline(features, space), ttl, { space });
      expect([...inSpace], `seed ${seed}`).toEqual(expected);
      const block = new SharedArrayBuffer(8 * (2 * (features.keys.length + entityRows) + 3));
      const inBlock = touchedJoinSpace(features.keys.length, entityRows, block);
      expect(inBlock.order.buffer).toBe(block);
      const matches = new Int32Array(entityRows).fill(5);
      pointInTimeJoin(entities, indexTimeline(features, inBlock), ttl, { into: matches, space: inBlock });
      expect([...matches], `seed ${seed}`).toEqual(expected);
    }
  });
});
