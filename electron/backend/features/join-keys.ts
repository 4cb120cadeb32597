import type { StoredValue } from '../ingest/value-coercion.js';
import { type ValueColumn, valueAt } from '../ingest/value-columns.js';
import { type Affinity, keyOfType } from './key-types.js';
import type { JoinKey } from './point-in-time-join.js';

const KEY_SEPARATOR = '\u0001';

/**
 * A key value as the join compares it: converted to its key's type (see keyOfType), so both
 * sides hold the same JavaScript value for the same key. Null stays null; undefined when the
 * value is no value of that type (the text 'x' in an INTEGER key, a blob).
 */
export function joinKeyOf(affinity: Affinity, value: StoredValue | undefined): JoinKey | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return affinity === 'TEXT' ? String(value) : value;
  if (typeof value === 'string') return keyOfType(affinity, value);
  if (typeof value === 'bigint') return keyOfType(affinity, String(value));
  return undefined;
}

/** A key of several columns (already converted) as one text; null if any part is missing or invalid. */
export function compositeKey(parts: readonly (JoinKey | undefined)[]): string | null {
  if (parts.some((part) => part === null || part === undefined)) return null;
  return parts.map(String).join(KEY_SEPARATOR);
}

/** A feature view row's key as the join compares it: its first `types.length` values converted to the key types. */
export function viewRowKey(types: readonly Affinity[], row: readonly StoredValue[]): JoinKey {
  if (types.length === 1) return joinKeyOf(types[0] as Affinity, row[0]) ?? null;
  return compositeKey(types.map((type, index) => joinKeyOf(type, row[index])));
}

export interface EntityKeys {
  /** One key per entity row (numbers in a typed array, NaN for null); null never matches. */
  keys: Float64Array | JoinKey[];
  /** Rows whose key held a value that is not of its key's type (they never match). */
  invalidRows: number;
}

/** The entity rows' keys, each column converted once to its key's type. */
export function entityKeys(columns: readonly ValueColumn[], types: readonly Affinity[]): EntityKeys {
  const first = columns[0];
  // Numbers in a number key are their own keys.
  if (columns.length === 1 && first instanceof Float64Array && types[0] !== 'TEXT')
    return { keys: first, invalidRows: 0 };
  let invalidRows = 0;
  const valid = (key: JoinKey | undefined): JoinKey => {
    if (key !== undefined) return key;
    invalidRows += 1;
    return null;
  };
  const rowCount = first?.length ?? 0;
  const converted = columns.map((column, index) =>
    Array.from({ length: rowCount }, (_, row) => joinKeyOf(types[index] as Affinity, valueAt(column, row))),
  );
  if (columns.length === 1) return { keys: (converted[0] as (JoinKey | undefined)[]).map(valid), invalidRows };
  const keys = Array.from({ length: rowCount }, (_, row) => {
    const parts = converted.map((column) => column[row]);
    return parts.includes(undefined) ? valid(undefined) : compositeKey(parts);
  });
  return { keys, invalidRows };
}
