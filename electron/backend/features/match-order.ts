/**
 * The entity rows that matched, ordered by the feature row they matched: reading each feature
 * column in that order walks it forwards instead of jumping around millions of values.
 */
export function matchedInFeatureOrder(
  matches: Int32Array,
  featureRows: number,
  exactUpTo = Number.MAX_SAFE_INTEGER,
): Int32Array {
  // Each match and its entity row as one exact number, sorted natively: only the matches are
  // touched, not an array as long as the view (a counting sort's, page-faulted in for one pass).
  const span = matches.length;
  if (featureRows * span >= exactUpTo) return countingSortedMatches(matches, featureRows);
  let matched = 0;
  for (let row = 0; row < matches.length; row += 1) if ((matches[row] as number) >= 0) matched += 1;
  const keys = new Float64Array(matched);
  let next = 0;
  for (let row = 0; row < matches.length; row += 1) {
    const match = matches[row] as number;
    if (match < 0) continue;
    keys[next] = match * span + row;
    next += 1;
  }
  keys.sort();
  const ordered = new Int32Array(matched);
  for (let index = 0; index < matched; index += 1) ordered[index] = (keys[index] as number) % span;
  return ordered;
}

/** The same order by a counting sort over the view's rows, for sizes whose pairs do not fit one number exactly. */
function countingSortedMatches(matches: Int32Array, featureRows: number): Int32Array {
  const starts = new Int32Array(featureRows + 1);
  let matched = 0;
  for (const match of matches) {
    if (match < 0) continue;
    starts[match + 1] = (starts[match + 1] as number) + 1;
    matched += 1;
  }
  for (let row = 0; row < featureRows; row += 1)
    starts[row + 1] = (starts[row + 1] as number) + (starts[row] as number);
  const ordered = new Int32Array(matched);
  for (let row = 0; row < matches.length; row += 1) {
    const match = matches[row] as number;
    if (match < 0) continue;
    ordered[starts[match] as number] = row;
    starts[match] = (starts[match] as number) + 1;
  }
  return ordered;
}
