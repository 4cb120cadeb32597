import { seededRandom as numbers } from '../seeded-random.js';

/** A repeatable random source for fuzz tests: the same seed, the same requests. */
export function seededRandom(seed: number) {
  const next = numbers(seed);
  const int = (below: number) => Math.floor(next() * below);
  return {
    /** A number in [0, 1). */
    next,
    int,
    chance: (probability: number) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
