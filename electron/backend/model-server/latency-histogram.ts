/** Log-spaced latency buckets: bucket i holds latencies up to FIRST_EDGE * GROWTH^i microseconds. */
const FIRST_EDGE_MICROS = 10;
const GROWTH = 1.25;
export const LATENCY_BUCKETS = 80;

export function latencyBucket(micros: number): number {
  if (micros <= FIRST_EDGE_MICROS) return 0;
  const index = Math.ceil(Math.log(micros / FIRST_EDGE_MICROS) / Math.log(GROWTH));
  return Math.min(LATENCY_BUCKETS - 1, index);
}

export function bucketUpperMicros(index: number): number {
  return FIRST_EDGE_MICROS * GROWTH ** index;
}

/** Counts per bucket, kept sparse where they are stored: [bucket, count] pairs. */
export type SparseHistogram = [number, number][];

export function toSparse(counts: ArrayLike<number>): SparseHistogram {
  const pairs: SparseHistogram = [];
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] as number;
    if (count > 0) pairs.push([index, count]);
  }
  return pairs;
}

export function addSparse(into: Float64Array, pairs: SparseHistogram): void {
  for (const [index, count] of pairs)
    if (index >= 0 && index < into.length) into[index] = (into[index] as number) + count;
}

/**
 * The latency at a quantile, in milliseconds, interpolated inside its bucket (so within one
 * bucket's 25% of the true value); null without counts.
 */
export function quantileMillis(counts: Float64Array, quantile: number): number | null {
  let total = 0;
  for (const count of counts) total += count;
  if (total === 0) return null;
  const target = quantile * total;
  let seen = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] as number;
    if (count > 0 && seen + count >= target) {
      const lower = index === 0 ? 0 : bucketUpperMicros(index - 1);
      const upper = bucketUpperMicros(index);
      return (lower + ((target - seen) / count) * (upper - lower)) / 1000;
    }
    seen += count;
  }
  return bucketUpperMicros(counts.length - 1) / 1000;
}
