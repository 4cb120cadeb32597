/**
 * Feast's point-in-time rule: for an entity row with key k at time t, the feature row with key k
 * whose event time is the latest at or before t, and no older than t - ttl (ttl 0: any age);
 * among rows with that same event time, the one created last. No such row: no match (-1).
 */

export type JoinKey = string | number | null;

export interface TimedKeys {
  /** One key per row (composite keys already joined into one string); null never matches. */
  keys: ArrayLike<JoinKey>;
  /** Event times in epoch milliseconds. */
  times: Float64Array;
}

export interface FeatureTimeline extends TimedKeys {
  /** Creation times that break ties between equal event times; null when the view has none. */
  created: Float64Array | null;
}

/** Feature rows grouped by key, each group ordered by (event time, created time). */
export interface IndexedTimeline {
  order: Int32Array;
  groups: Map<string | number, { start: number; end: number }>;
  times: Float64Array;
}

export function indexTimeline(timeline: FeatureTimeline): IndexedTimeline {
  const count = timeline.keys.length;
  const keyIds = new Int32Array(count);
  const firstSeen = new Map<string | number, number>();
  const nullKeys: number[] = [];
  for (let row = 0; row < count; row += 1) {
    const key = timeline.keys[row] as JoinKey;
    if (key === null || Number.isNaN(key)) {
      keyIds[row] = -1;
      nullKeys.push(row);
      continue;
    }
    let id = firstSeen.get(key);
    if (id === undefined) {
      id = firstSeen.size;
      firstSeen.set(key, id);
    }
    keyIds[row] = id;
  }
  // Counting sort by key, then a small sort by time inside each group.
  const starts = new Int32Array(firstSeen.size + 1);
  for (let row = 0; row < count; row += 1) {
    const slot = (keyIds[row] as number) + 1;
    if (slot > 0) starts[slot] = (starts[slot] as number) + 1;
  }
  for (let id = 0; id < firstSeen.size; id += 1) starts[id + 1] = (starts[id + 1] as number) + (starts[id] as number);
  const cursor = starts.slice(0, firstSeen.size);
  const order = new Int32Array(count - nullKeys.length);
  for (let row = 0; row < count; row += 1) {
    const id = keyIds[row] as number;
    if (id < 0) continue;
    const position = cursor[id] as number;
    order[position] = row;
    cursor[id] = position + 1;
  }
  const { times, created } = timeline;
  const groups = new Map<string | number, { start: number; end: number }>();
  for (const [key, id] of firstSeen) {
    const start = starts[id] as number;
    const end = starts[id + 1] as number;
    order
      .subarray(start, end)
      .sort(
        (a, b) =>
          (times[a] as number) - (times[b] as number) ||
          (created ? (created[a] as number) - (created[b] as number) : a - b),
      );
    groups.set(key, { start, end });
  }
  return { order, groups, times };
}

/** Keys compare as SQL compares a text and a number column: '7' finds 7 and 7 finds '7'. */
function findGroup(groups: IndexedTimeline['groups'], key: JoinKey) {
  if (key === null) return undefined;
  const group = groups.get(key);
  if (group || groups.size === 0) return group;
  if (typeof key === 'number') return groups.get(String(key));
  const number = Number(key);
  return key.trim() !== '' && !Number.isNaN(number) ? groups.get(number) : undefined;
}

/** For each entity row, the index of its feature row, or -1. */
export function pointInTimeJoin(entities: TimedKeys, timeline: IndexedTimeline, ttlMs: number): Int32Array {
  const matches = new Int32Array(entities.keys.length).fill(-1);
  const { order, groups, times } = timeline;
  for (let row = 0; row < entities.keys.length; row += 1) {
    const group = findGroup(groups, entities.keys[row] as JoinKey);
    if (!group) continue;
    const at = entities.times[row] as number;
    if (Number.isNaN(at)) continue;
    // The last position in the group whose event time is <= at.
    let low = group.start;
    let high = group.end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((times[order[middle] as number] as number) <= at) low = middle + 1;
      else high = middle;
    }
    if (low === group.start) continue;
    const candidate = order[low - 1] as number;
    if (ttlMs > 0 && (times[candidate] as number) < at - ttlMs) continue;
    matches[row] = candidate;
  }
  return matches;
}
