/** Bits of the feature row sorted per pass: 4,096 counters, which stay in the fastest cache; two passes up to 16M rows. */
const RADIX_BITS = 12;
const RADIX = 1 << RADIX_BITS;

/**
 * The entity rows that matched, ordered by the feature row they matched (ties in entity order):
 * reading each feature column in that order walks it forwards instead of jumping around millions
 * of values. A least-significant-digit radix sort, stable from pass to pass: a few linear passes
 * over the matches only, never an array as long as the view. The result may lie in `scratch`.
 */
export function matchedInFeatureOrder(matches: Int32Array, featureRows: number, scratch?: Int32Array): Int32Array {
  let matched = 0;
  for (let row = 0; row < matches.length; row += 1) if ((matches[row] as number) >= 0) matched += 1;
  // Four arrays as long as the matches, in `scratch` (memory the caller no longer needs) when it has room.
  const room = scratch && scratch.length >= 4 * matched ? scratch : new Int32Array(4 * matched);
  const part = (index: number) => room.subarray(index * matched, (index + 1) * matched);
  let rows = part(0);
  let keys = part(1);
  let next = 0;
  for (let row = 0; row < matches.length; row += 1) {
    const match = matches[row] as number;
    if (match < 0) continue;
    rows[next] = row;
    keys[next] = match;
    next += 1;
  }
  let sparedRows = part(2);
  let sparedKeys = part(3);
  const counts = new Int32Array(RADIX);
  const bits = Math.max(1, Math.ceil(Math.log2(Math.max(featureRows, 2))));
  for (let shift = 0; shift < bits; shift += RADIX_BITS) {
    counts.fill(0);
    for (let index = 0; index < matched; index += 1) {
      const digit = ((keys[index] as number) >>> shift) & (RADIX - 1);
      counts[digit] = (counts[digit] as number) + 1;
    }
    let total = 0;
    for (let digit = 0; digit < RADIX; digit += 1) {
      const count = counts[digit] as number;
      counts[digit] = total;
      total += count;
    }
    for (let index = 0; index < matched; index += 1) {
      const key = keys[index] as number;
      const digit = (key >>> shift) & (RADIX - 1);
      const place = counts[digit] as number;
      counts[digit] = place + 1;
      sparedKeys[place] = key;
      sparedRows[place] = rows[index] as number;
    }
    [keys, sparedKeys] = [sparedKeys, keys];
    [rows, sparedRows] = [sparedRows, rows];
  }
  return rows;
}
