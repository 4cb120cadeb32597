import { MISSING_BIN } from './binning.js';

/** Slots per feature in a histogram: every bin code, MISSING_BIN included. */
const BINS_PER_FEATURE = MISSING_BIN + 1;
/** Each bin holds the sum of gradients and the sum of hessians, side by side. */
export const HISTOGRAM_STRIDE = BINS_PER_FEATURE * 2;

/**
 * A node's histogram from the shards' (added in shard order), for the listed features only:
 * their sum, or with `fromParent` the parent's histogram `target` holds minus them (a parent's
 * histogram minus one child's is the other child's).
 */
export function combineShards(
  target: Float64Array,
  shards: readonly Float64Array[],
  features: Int32Array,
  fromParent: boolean,
): void {
  const first = shards[0] as Float64Array;
  const second = shards[1];
  for (let at = 0; at < features.length; at++) {
    const base = (features[at] as number) * HISTOGRAM_STRIDE;
    const end = base + HISTOGRAM_STRIDE;
    if (second)
      for (let slot = base; slot < end; slot++)
        target[slot] = fromParent
          ? (target[slot] as number) - (first[slot] as number) - (second[slot] as number)
          : (first[slot] as number) + (second[slot] as number);
    else
      for (let slot = base; slot < end; slot++)
        target[slot] = fromParent ? (target[slot] as number) - (first[slot] as number) : (first[slot] as number);
    for (let shard = 2; shard < shards.length; shard++) {
      const source = shards[shard] as Float64Array;
      for (let slot = base; slot < end; slot++)
        target[slot] = (target[slot] as number) + (fromParent ? -(source[slot] as number) : (source[slot] as number));
    }
  }
}
