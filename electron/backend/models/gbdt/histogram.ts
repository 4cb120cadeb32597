import { MISSING_BIN } from './binning.js';

/** Slots per feature in a histogram: every bin code, MISSING_BIN included. */
const BINS_PER_FEATURE = MISSING_BIN + 1;
/** Each bin holds the sum of gradients and the sum of hessians, side by side. */
export const HISTOGRAM_STRIDE = BINS_PER_FEATURE * 2;

/**
 * A node's histogram from the shards' (added in shard order), for the listed features only:
 * their sum, or with `fromParent` the parent's histogram `target` holds minus them (a parent's
 * histogram minus one child's is the other child's). Only the bins a feature uses (its
 * `valueBins` and MISSING_BIN) are touched: no row ever reaches the others.
 */
export function combineShards(
  target: Float64Array,
  shards: readonly Float64Array[],
  features: Int32Array,
  valueBins: Int32Array,
  fromParent: boolean,
): void {
  for (let at = 0; at < features.length; at++) {
    const feature = features[at] as number;
    const base = feature * HISTOGRAM_STRIDE;
    combineSlots(target, shards, base, base + 2 * (valueBins[feature] as number), fromParent);
    combineSlots(target, shards, base + 2 * MISSING_BIN, base + HISTOGRAM_STRIDE, fromParent);
  }
}

function combineSlots(
  target: Float64Array,
  shards: readonly Float64Array[],
  start: number,
  end: number,
  fromParent: boolean,
): void {
  const first = shards[0] as Float64Array;
  if (fromParent)
    for (let slot = start; slot < end; slot++) target[slot] = (target[slot] as number) - (first[slot] as number);
  else target.set(first.subarray(start, end), start);
  for (let shard = 1; shard < shards.length; shard++) {
    const source = shards[shard] as Float64Array;
    if (fromParent)
      for (let slot = start; slot < end; slot++) target[slot] = (target[slot] as number) - (source[slot] as number);
    else for (let slot = start; slot < end; slot++) target[slot] = (target[slot] as number) + (source[slot] as number);
  }
}
