import type { ColumnFacts, EncodedColumn } from './encoded-column.js';
import { writeHybrid } from './hybrid-encoder.js';

/** Most distinct values a dictionary holds before the column is written plainly. */
const DICTIONARY_VALUES = 1 << 16;

/** After this many values, a column whose values seldom repeat so far is given up on. */
const SAMPLED_VALUES = 4_096;

/**
 * A dictionary for `count` values given by their keys: each value's index, and where each distinct
 * value is first found. None when more than half of the first 4,096 values are distinct, when
 * there are more than 65,536 distinct values, or when each is used fewer than twice on average:
 * the plain values are then about as small, and cheaper to write and read.
 */
export function chooseDictionary<Key>(
  keys: ArrayLike<Key>,
  count: number,
): { indices: Int32Array; firsts: number[] } | null {
  const distinct = new Map<Key, number>();
  const indices = new Int32Array(count);
  const firsts: number[] = [];
  for (let index = 0; index < count; index += 1) {
    if (index === SAMPLED_VALUES && firsts.length * 2 > index) return null;
    const key = keys[index] as Key;
    let entry = distinct.get(key);
    if (entry === undefined) {
      if (firsts.length === DICTIONARY_VALUES) return null;
      entry = firsts.length;
      distinct.set(key, entry);
      firsts.push(index);
    }
    indices[index] = entry;
  }
  return firsts.length * 2 > count ? null : { indices, firsts };
}

/** A column written as a dictionary page of `entries` (plainly encoded) and pages of indices into it. */
export function withDictionary(
  column: ColumnFacts,
  indices: Int32Array,
  entries: Uint8Array,
  entryCount: number,
): EncodedColumn {
  const width = Math.max(1, Math.ceil(Math.log2(entryCount)));
  return {
    ...column,
    writeValues: (output, from, to) => {
      output.byte(width);
      writeHybrid(output, indices, from, to, width);
    },
    size: (from, to) => Math.ceil(((to - from) * width) / 8) + 1,
    exactSize: false,
    dictionary: { bytes: entries, count: entryCount },
  };
}
