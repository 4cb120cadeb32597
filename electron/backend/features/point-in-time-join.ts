/**
 * Feast's point-in-time rule: for an entity row with key k at time t, the feature row with key k
 * whose event time is the latest at or before t, and no older than t - ttl (ttl 0: any age);
 * among rows with that same event time, the one created last. No such row: no match (-1).
 */

export type JoinKey = string | number | null;

export interface TimedKeys {
  /**
   * One key per row, converted to the key's type on both sides (see join-keys.ts), so keys
   * compare as JavaScript values: the text '7' does not find the number 7 here. Composite keys
   * are already joined into one string; null never matches.
   */
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

/** Largest integer key for which ids are looked up in an array instead of a map. */
const DENSE_KEY_LIMIT = 1 << 24;

/** Numbers each distinct key (null keys get -1); returns each row's id and each id's key. */
function assignKeyIds(keys: ArrayLike<JoinKey>): { keyIds: Int32Array; distinct: (string | number)[] } {
  const count = keys.length;
  const keyIds = new Int32Array(count);
  const distinct: (string | number)[] = [];
  if (
    keys instanceof Float64Array &&
    keys.every((key) => Number.isNaN(key) || (Number.isInteger(key) && key >= 0 && key < DENSE_KEY_LIMIT))
  ) {
    // Small non-negative integer keys, the common case of entity ids: an array lookup per row.
    let largest = -1;
    for (const key of keys) if (key > largest) largest = key;
    const idOf = new Int32Array(largest + 1).fill(-1);
    for (let row = 0; row < count; row += 1) {
      const key = keys[row] as number;
      if (Number.isNaN(key)) {
        keyIds[row] = -1;
        continue;
      }
      let id = idOf[key] as number;
      if (id < 0) {
        id = distinct.length;
        idOf[key] = id;
        distinct.push(key);
      }
      keyIds[row] = id;
    }
    return { keyIds, distinct };
  }
  const idOf = new Map<string | number, number>();
  for (let row = 0; row < count; row += 1) {
    const key = keys[row] as JoinKey;
    if (key === null || Number.isNaN(key)) {
      keyIds[row] = -1;
      continue;
    }
    let id = idOf.get(key);
    if (id === undefined) {
      id = distinct.length;
      idOf.set(key, id);
      distinct.push(key);
    }
    keyIds[row] = id;
  }
  return { keyIds, distinct };
}

/** Sorts row numbers by (event time, created time, row); an inline insertion sort for the usual short groups. */
function sortGroup(rows: Int32Array, times: Float64Array, created: Float64Array | null): void {
  if (rows.length > 64) {
    rows.sort(
      (a, b) =>
        (times[a] as number) - (times[b] as number) ||
        (created ? (created[a] as number) - (created[b] as number) : 0) ||
        a - b,
    );
    return;
  }
  for (let index = 1; index < rows.length; index += 1) {
    const row = rows[index] as number;
    const time = times[row] as number;
    const made = created ? (created[row] as number) : 0;
    let position = index - 1;
    while (position >= 0) {
      const other = rows[position] as number;
      const otherTime = times[other] as number;
      if (otherTime < time) break;
      if (otherTime === time) {
        const otherMade = created ? (created[other] as number) : 0;
        if (otherMade < made || (otherMade === made && other < row)) break;
      }
      rows[position + 1] = other;
      position -= 1;
    }
    rows[position + 1] = row;
  }
}

export function indexTimeline(timeline: FeatureTimeline): IndexedTimeline {
  const count = timeline.keys.length;
  const { keyIds, distinct } = assignKeyIds(timeline.keys);
  // A row without an event time is never known at any time.
  for (let row = 0; row < count; row += 1) if (Number.isNaN(timeline.times[row])) keyIds[row] = -1;
  // Counting sort by key, then a small sort by time inside each group.
  const starts = new Int32Array(distinct.length + 1);
  let keyed = 0;
  for (let row = 0; row < count; row += 1) {
    const slot = (keyIds[row] as number) + 1;
    if (slot === 0) continue;
    starts[slot] = (starts[slot] as number) + 1;
    keyed += 1;
  }
  for (let id = 0; id < distinct.length; id += 1) starts[id + 1] = (starts[id + 1] as number) + (starts[id] as number);
  const cursor = starts.slice(0, distinct.length);
  const order = new Int32Array(keyed);
  for (let row = 0; row < count; row += 1) {
    const id = keyIds[row] as number;
    if (id < 0) continue;
    const position = cursor[id] as number;
    order[position] = row;
    cursor[id] = position + 1;
  }
  const { times, created } = timeline;
  const groups = new Map<string | number, { start: number; end: number }>();
  for (const [id, key] of distinct.entries()) {
    const start = starts[id] as number;
    const end = starts[id + 1] as number;
    sortGroup(order.subarray(start, end), times, created);
    groups.set(key, { start, end });
  }
  return { order, groups, times };
}

/** For each entity row, the index of its feature row, or -1. */
export function pointInTimeJoin(entities: TimedKeys, timeline: IndexedTimeline, ttlMs: number): Int32Array {
  const matches = new Int32Array(entities.keys.length).fill(-1);
  const { order, groups, times } = timeline;
  for (let row = 0; row < entities.keys.length; row += 1) {
    const key = entities.keys[row] as JoinKey;
    const group = key === null ? undefined : groups.get(key);
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
