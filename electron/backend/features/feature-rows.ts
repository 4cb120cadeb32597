import type Database from 'better-sqlite3';
import { eachRow } from '../db/each-row.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import { type ValueColumn, ValueColumnBuilder } from '../ingest/value-columns.js';
import { viewRowKey } from './join-keys.js';
import type { Affinity } from './key-types.js';
import type { JoinKey } from './point-in-time-join.js';

/** A feature view's rows held as columns, so millions of rows cost their values, not an object per row. */
export interface FeatureRows {
  rowCount: number;
  /** One key per row, converted to the key's type: numbers (NaN for a null key), or keys once one is text or composite. */
  keys: Float64Array | JoinKey[];
  /** Event times in epoch ms; NaN when missing or unreadable. */
  times: Float64Array;
  /** Rows whose event time is neither epoch ms nor ISO-8601 text (they never match). */
  unreadableTimes: number;
  /** Created times; -Infinity when missing; null when the view has none. */
  created: Float64Array | null;
  values: ValueColumn[];
}

/** The SELECT that yields a view's rows: its join keys, event time, created time if any, then features. */
export interface FeatureRowsQuery {
  sql: string;
  /** The names it selects, in order. */
  columns: string[];
  /** The types of the join keys, its first columns: keys compare as these types. */
  keyTypes: Affinity[];
  hasCreated: boolean;
  featureCount: number;
}

/** Where a view row's features start: after its keys, its event time and its created time if any. */
export function firstFeatureColumn({ keyTypes, hasCreated }: FeatureRowsQuery): number {
  return keyTypes.length + 1 + (hasCreated ? 1 : 0);
}

/** Arrays for every row of a view, shared between threads, that readers of slices write their numbers into. */
export interface SharedColumns {
  keys: Float64Array | null;
  times: Float64Array;
  created: Float64Array | null;
  values: Float64Array[];
}

export interface RowSlice {
  limit: number;
  offset: number;
}

export interface ReadOptions {
  /** Only rows `offset` to `offset + limit` of the query (its LIMIT and OFFSET). */
  slice?: RowSlice;
  /** Where the slice's numbers go, at the slice's place. */
  shared?: SharedColumns;
}

/** Reads a view's rows into columns; numbers go into `shared` at their place when given. */
export function readFeatureRows(
  db: Database.Database,
  query: FeatureRowsQuery,
  { slice, shared }: ReadOptions = {},
): FeatureRows {
  const { keyTypes, hasCreated, featureCount } = query;
  const keyCount = keyTypes.length;
  const capacity = slice?.limit ?? 1024;
  const place = (column: Float64Array | null | undefined) =>
    column && slice ? column.subarray(slice.offset, slice.offset + slice.limit) : undefined;
  const keys = new ValueColumnBuilder(capacity, place(shared?.keys));
  const times = new ValueColumnBuilder(capacity, place(shared?.times));
  const created = hasCreated ? new ValueColumnBuilder(capacity, place(shared?.created)) : null;
  const values = Array.from(
    { length: featureCount },
    (_, feature) => new ValueColumnBuilder(capacity, place(shared?.values[feature])),
  );
  const firstFeature = firstFeatureColumn(query);
  const sql = slice ? `${query.sql} LIMIT ${slice.limit} OFFSET ${slice.offset}` : query.sql;
  let rowCount = 0;
  let unreadableTimes = 0;
  const take = (row: StoredValue[]) => {
    keys.push(viewRowKey(keyTypes, row));
    // The query reads a time it cannot convert as the value itself (see eventTimeOrValueSql).
    const time = row[keyCount];
    if (typeof time === 'number') times.push(time);
    else {
      times.push(null);
      if (time !== null) unreadableTimes += 1;
    }
    if (created) {
      const at = row[keyCount + 1];
      created.push(typeof at === 'number' ? at : Number.NEGATIVE_INFINITY);
    }
    for (let feature = 0; feature < featureCount; feature += 1)
      (values[feature] as ValueColumnBuilder).push(row[firstFeature + feature] as StoredValue);
    rowCount += 1;
  };
  eachRow(db, sql, firstFeature + featureCount, take);
  return {
    rowCount,
    keys: keys.finish() as Float64Array | JoinKey[],
    times: times.finish() as Float64Array,
    unreadableTimes,
    created: created ? (created.finish() as Float64Array) : null,
    values: values.map((column) => column.finish()),
  };
}
