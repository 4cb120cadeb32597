import { MISSING_BIN } from './binning.js';

/** Slots per feature in a histogram: every bin code, MISSING_BIN included. */
const BINS_PER_FEATURE = MISSING_BIN + 1;
/** Each bin holds the sum of gradients and the sum of hessians, side by side. */
export const HISTOGRAM_STRIDE = BINS_PER_FEATURE * 2;

/** target = the shards' histograms added in shard order, for the listed features only. */
export function sumShards(target: Float64Array, shards: readonly Float64Array[], features: Int32Array): void {
  const first = shards[0] as Float64Array;
  const second = shards[1];
  for (let at = 0; at < features.length; at++) {
    const base = (features[at] as number) * HISTOGRAM_STRIDE;
    const end = base + HISTOGRAM_STRIDE;
    if (second)
      for (let slot = base; slot < end; slot++) target[slot] = (first[slot] as number) + (second[slot] as number);
    else target.set(first.subarray(base, end), base);
    for (let shard = 2; shard < shards.length; shard++) {
      const source = shards[shard] as Float64Array;
      for (let slot = base; slot < end; slot++) target[slot] = (target[slot] as number) + (source[slot] as number);
    }
  }
}

/**
 * target -= each shard's histogram in shard order, for the listed features: a parent's histogram
 * minus one child's is the other child's.
 */
export function subtractShards(target: Float64Array, shards: readonly Float64Array[], features: Int32Array): void {
  const first = shards[0] as Float64Array;
  const second = shards[1];
  for (let at = 0; at < features.length; at++) {
    const base = (features[at] as number) * HISTOGRAM_STRIDE;
    const end = base + HISTOGRAM_STRIDE;
    if (second)
      for (let slot = base; slot < end; slot++)
        target[slot] = (target[slot] as number) - (first[slot] as number) - (second[slot] as number);
    else for (let slot = base; slot < end; slot++) target[slot] = (target[slot] as number) - (first[slot] as number);
    for (let shard = 2; shard < shards.length; shard++) {
      const source = shards[shard] as Float64Array;
      for (let slot = base; slot < end; slot++) target[slot] = (target[slot] as number) - (source[slot] as number);
    }
  }
}
