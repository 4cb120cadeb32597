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
  /** Row numbers, group after group. */
  order: Int32Array;
  /** Group `id` holds `order[starts[id]]` to `order[starts[id + 1] - 1]`. */
  starts: Int32Array;
  /** The group of a key, or -1 when no feature row has it. */
  groupOf(key: JoinKey): number;
  /** The event time of the row at each place of `order`. */
  groupTimes: Float64Array;
}

/** Largest integer key that is its own slot (an array lookup per row) instead of being numbered through a map. */
const DENSE_KEY_LIMIT = 1 << 24;

/** Each row's key as a slot number, so rows are grouped by array lookups. */
interface KeySlots {
  /** Each row's slot; NaN or -1 for a null key. */
  slots: Float64Array | Int32Array;
  slotCount: number;
  /** The slot a key has, or -1 when it can have none (a small integer key no row has still has its slot). */
  slotOf(key: JoinKey): number;
}

function isDenseKey(key: number): boolean {
  return Number.isInteger(key) && key >= 0 && key < DENSE_KEY_LIMIT;
}

/** Small non-negative integer keys, the common case of entity ids, are their own slots: no array per row. */
function denseKeySlots(keys: Float64Array): KeySlots | null {
  let largest = -1;
  for (let row = 0; row < keys.length; row += 1) {
    const key = keys[row] as number;
    if (Number.isNaN(key)) continue;
    if (!isDenseKey(key)) return null;
    if (key > largest) largest = key;
  }
  const slotOf = (key: JoinKey) => (typeof key === 'number' && key <= largest && isDenseKey(key) ? key : -1);
  return { slots: keys, slotCount: largest + 1, slotOf };
}

/** Numbers each distinct key (null keys get -1). */
function numberedKeySlots(keys: ArrayLike<JoinKey>): KeySlots {
  const slots = new Int32Array(keys.length);
  const idOf = new Map<string | number, number>();
  for (let row = 0; row < keys.length; row += 1) {
    const key = keys[row] as JoinKey;
    if (key === null || Number.isNaN(key)) {
      slots[row] = -1;
      continue;
    }
    let id = idOf.get(key);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(key, id);
    }
    slots[row] = id;
  }
  return { slots, slotCount: idOf.size, slotOf: (key) => (key === null ? -1 : (idOf.get(key) ?? -1)) };
}

function keySlots(keys: ArrayLike<JoinKey>): KeySlots {
  return (keys instanceof Float64Array ? denseKeySlots(keys) : null) ?? numberedKeySlots(keys);
}

/** The rows' groups: one per slot that holds a row with an event time, and where each starts in the order. */
interface Groups {
  /** Each slot's group, or -1. */
  groupOfSlot: Int32Array;
  /** Group `id` holds places `starts[id]` to `starts[id + 1] - 1`. */
  starts: Int32Array;
}

function countGroups({ slots, slotCount }: KeySlots, times: Float64Array): Groups {
  // Rows per slot first, then each slot's group in place of its count.
  const groupOfSlot = new Int32Array(slotCount);
  for (let row = 0; row < slots.length; row += 1) {
    const slot = slots[row] as number;
    // A row without an event time is never known at any time.
    if (slot >= 0 && !Number.isNaN(times[row])) groupOfSlot[slot] = (groupOfSlot[slot] as number) + 1;
  }
  let groupCount = 0;
  for (let slot = 0; slot < slotCount; slot += 1) if ((groupOfSlot[slot] as number) > 0) groupCount += 1;
  const starts = new Int32Array(groupCount + 1);
  let group = 0;
  for (let slot = 0; slot < slotCount; slot += 1) {
    const rows = groupOfSlot[slot] as number;
    if (rows === 0) {
      groupOfSlot[slot] = -1;
      continue;
    }
    starts[group + 1] = (starts[group] as number) + rows;
    groupOfSlot[slot] = group;
    group += 1;
  }
  return { groupOfSlot, starts };
}

/** A group's rows and their event times, sorted together; `created` breaks ties between equal times. */
interface GroupSort {
  order: Int32Array;
  groupTimes: Float64Array;
  created: Float64Array | null;
  /** Room to merge into, as long as the largest group. */
  spareOrder: Int32Array;
  spareTimes: Float64Array;
}

/** Whether the row at (timeA, rowA) comes before the one at (timeB, rowB): by time, created time, row. */
function precedes(created: Float64Array | null, timeA: number, rowA: number, timeB: number, rowB: number): boolean {
  if (timeA !== timeB) return timeA < timeB;
  if (created) {
    const madeA = created[rowA] as number;
    const madeB = created[rowB] as number;
    if (madeA !== madeB) return madeA < madeB;
  }
  return rowA < rowB;
}

function insertionSort({ order, groupTimes, created }: GroupSort, start: number, end: number): void {
  for (let index = start + 1; index < end; index += 1) {
    const row = order[index] as number;
    const time = groupTimes[index] as number;
    let position = index - 1;
    while (
      position >= start &&
      precedes(created, time, row, groupTimes[position] as number, order[position] as number)
    ) {
      order[position + 1] = order[position] as number;
      groupTimes[position + 1] = groupTimes[position] as number;
      position -= 1;
    }
    order[position + 1] = row;
    groupTimes[position + 1] = time;
  }
}

/** Merges the sorted runs [start, middle) and [middle, end) through the spare arrays. */
function merge(sort: GroupSort, start: number, middle: number, end: number): void {
  const { order, groupTimes, created, spareOrder, spareTimes } = sort;
  const length = middle - start;
  for (let index = 0; index < length; index += 1) {
    spareOrder[index] = order[start + index] as number;
    spareTimes[index] = groupTimes[start + index] as number;
  }
  let left = 0;
  let right = middle;
  let out = start;
  while (left < length && right < end) {
    const rightTime = groupTimes[right] as number;
    const rightRow = order[right] as number;
    if (precedes(created, rightTime, rightRow, spareTimes[left] as number, spareOrder[left] as number)) {
      order[out] = rightRow;
      groupTimes[out] = rightTime;
      right += 1;
    } else {
      order[out] = spareOrder[left] as number;
      groupTimes[out] = spareTimes[left] as number;
      left += 1;
    }
    out += 1;
  }
  for (; left < length; left += 1, out += 1) {
    order[out] = spareOrder[left] as number;
    groupTimes[out] = spareTimes[left] as number;
  }
}

const RUN = 32;

/** Sorts one group: short runs by insertion, then merged pairwise. */
function sortGroup(sort: GroupSort, start: number, end: number): void {
  for (let run = start; run < end; run += RUN) insertionSort(sort, run, Math.min(run + RUN, end));
  for (let width = RUN; start + width < end; width *= 2)
    for (let left = start; left + width < end; left += 2 * width)
      merge(sort, left, left + width, Math.min(left + 2 * width, end));
}

/**
 * Room to index a timeline and join entity rows against it: a place per view row in `order` and
 * `groupTimes`, a place per entity row in `groupedRows` and `groupedTimes`.
 */
export interface JoinSpace {
  order: Int32Array;
  groupTimes: Float64Array;
  groupedRows: Int32Array;
  groupedTimes: Float64Array;
}

const BYTES_PER_ROW = Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT;

/**
 * Room to join entity rows against a timeline of `viewRows` rows, touched now: a caller that
 * waits (for the timeline, say) takes the first touch of this fresh memory, ~10 µs a page on some
 * machines, off the join. The room lies in `within` (memory not needed until the join has ended,
 * whose length is a whole number of doubles) when it is large enough; all of `within` is touched
 * then, set to NaN.
 */
export function touchedJoinSpace(viewRows: number, entityRows: number, within?: ArrayBufferLike): JoinSpace {
  const rows = viewRows + entityRows;
  if (within && within.byteLength >= rows * BYTES_PER_ROW) {
    new Float64Array(within).fill(Number.NaN);
    const ints = rows * Float64Array.BYTES_PER_ELEMENT;
    return {
      groupTimes: new Float64Array(within, 0, viewRows),
      groupedTimes: new Float64Array(within, viewRows * Float64Array.BYTES_PER_ELEMENT, entityRows),
      order: new Int32Array(within, ints, viewRows),
      groupedRows: new Int32Array(within, ints + viewRows * Int32Array.BYTES_PER_ELEMENT, entityRows),
    };
  }
  return {
    order: new Int32Array(viewRows).fill(-1),
    groupTimes: new Float64Array(viewRows).fill(Number.NaN),
    groupedRows: new Int32Array(entityRows).fill(-1),
    groupedTimes: new Float64Array(entityRows).fill(Number.NaN),
  };
}

export function indexTimeline(
  timeline: FeatureTimeline,
  space: Pick<JoinSpace, 'order' | 'groupTimes'> | null = null,
): IndexedTimeline {
  const slots = keySlots(timeline.keys);
  const { times, created } = timeline;
  // Counting sort by key, then a small sort by time inside each group.
  const { groupOfSlot, starts } = countGroups(slots, times);
  const groupCount = starts.length - 1;
  const cursor = starts.slice(0, groupCount);
  const keyed = starts[groupCount] as number;
  const room = space && space.order.length >= keyed ? space : null;
  const order = room ? room.order.subarray(0, keyed) : new Int32Array(keyed);
  // Each group's times beside its rows, so sorting and searching a group reads one stretch of memory.
  const groupTimes = room ? room.groupTimes.subarray(0, keyed) : new Float64Array(keyed);
  const rowSlots = slots.slots;
  for (let row = 0; row < rowSlots.length; row += 1) {
    const slot = rowSlots[row] as number;
    const time = times[row] as number;
    if (!(slot >= 0) || Number.isNaN(time)) continue;
    const group = groupOfSlot[slot] as number;
    const position = cursor[group] as number;
    order[position] = row;
    groupTimes[position] = time;
    cursor[group] = position + 1;
  }
  let largest = 0;
  for (let group = 0; group < groupCount; group += 1)
    largest = Math.max(largest, (starts[group + 1] as number) - (starts[group] as number));
  const sort = {
    order,
    groupTimes,
    created,
    spareOrder: new Int32Array(largest),
    spareTimes: new Float64Array(largest),
  };
  for (let group = 0; group < groupCount; group += 1)
    sortGroup(sort, starts[group] as number, starts[group + 1] as number);
  const groupOf = (key: JoinKey) => {
    const slot = slots.slotOf(key);
    return slot < 0 ? -1 : (groupOfSlot[slot] as number);
  };
  return { order, starts, groupOf, groupTimes };
}

/** The entity rows with a group, group by group (entity order within each), with their times beside them. */
interface RowsByGroup {
  rows: Int32Array;
  times: Float64Array;
  /** Group `id`'s rows are at places `firstOfGroup[id]` to `firstOfGroup[id + 1] - 1`. */
  firstOfGroup: Int32Array;
}

/** `groupOfRow`: each entity row's group, or -1; in `space` when it has room. */
function rowsByGroup(
  groupOfRow: Int32Array,
  times: Float64Array,
  groupCount: number,
  space: Pick<JoinSpace, 'groupedRows' | 'groupedTimes'> | null,
): RowsByGroup {
  const firstOfGroup = new Int32Array(groupCount + 1);
  for (let row = 0; row < groupOfRow.length; row += 1) {
    const group = groupOfRow[row] as number;
    if (group >= 0) firstOfGroup[group + 1] = (firstOfGroup[group + 1] as number) + 1;
  }
  for (let group = 0; group < groupCount; group += 1)
    firstOfGroup[group + 1] = (firstOfGroup[group + 1] as number) + (firstOfGroup[group] as number);
  const cursor = firstOfGroup.slice(0, groupCount);
  const count = firstOfGroup[groupCount] as number;
  const room = space && space.groupedRows.length >= count ? space : null;
  const grouped = {
    rows: room ? room.groupedRows.subarray(0, count) : new Int32Array(count),
    times: room ? room.groupedTimes.subarray(0, count) : new Float64Array(count),
    firstOfGroup,
  };
  for (let row = 0; row < groupOfRow.length; row += 1) {
    const group = groupOfRow[row] as number;
    if (group < 0) continue;
    const place = cursor[group] as number;
    grouped.rows[place] = row;
    grouped.times[place] = times[row] as number;
    cursor[group] = place + 1;
  }
  return grouped;
}

/** Where a join writes: `into` the matches (one per entity row), and `space` it groups the entity rows in, made ahead. */
export interface JoinOptions {
  into?: Int32Array;
  space?: Pick<JoinSpace, 'groupedRows' | 'groupedTimes'> | null;
}

/**
 * For each entity row, the index of its feature row, or -1 (`into` those matches when given).
 * Entity rows are joined group by group, so each group's times are read from memory once rather
 * than once per entity row, and the entity rows' times in one pass.
 */
export function pointInTimeJoin(
  entities: TimedKeys,
  timeline: IndexedTimeline,
  ttlMs: number,
  { into, space = null }: JoinOptions = {},
): Int32Array {
  const matches = into ?? new Int32Array(entities.keys.length);
  const { order, starts, groupOf, groupTimes } = timeline;
  // Each row's group first, in `matches`: a row without one (or without a time) stays -1, no match.
  for (let row = 0; row < entities.keys.length; row += 1)
    matches[row] = Number.isNaN(entities.times[row]) ? -1 : groupOf(entities.keys[row] as JoinKey);
  const grouped = rowsByGroup(matches, entities.times, starts.length - 1, space);
  for (let group = 0; group < starts.length - 1; group += 1) {
    const start = starts[group] as number;
    const end = starts[group + 1] as number;
    for (
      let index = grouped.firstOfGroup[group] as number;
      index < (grouped.firstOfGroup[group + 1] as number);
      index += 1
    ) {
      const at = grouped.times[index] as number;
      // The last position in the group whose event time is <= at.
      let low = start;
      let high = end;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((groupTimes[middle] as number) <= at) low = middle + 1;
        else high = middle;
      }
      const known = low > start && !(ttlMs > 0 && (groupTimes[low - 1] as number) < at - ttlMs);
      matches[grouped.rows[index] as number] = known ? (order[low - 1] as number) : -1;
    }
  }
  return matches;
}
