import type Database from 'better-sqlite3';
import type { StoredValue } from '../ingest/value-coercion.js';
import { type ValueColumn, ValueColumnBuilder } from '../ingest/value-columns.js';

/** A feature view's rows held as columns, so millions of rows cost their values, not an object per row. */
export interface FeatureRows {
  rowCount: number;
  /** One key per row: numbers (NaN for a null key), or strings when a key is text or composite. */
  keys: Float64Array | (string | null)[];
  /** Event times in epoch ms; NaN when missing. */
  times: Float64Array;
  /** Created times; -Infinity when missing; null when the view has none. */
  created: Float64Array | null;
  values: ValueColumn[];
}

/** The SELECT that yields a view's rows: its join keys, event time, created time if any, then features. */
export interface FeatureRowsQuery {
  sql: string;
  /** The names it selects, in order. */
  columns: string[];
  keyCount: number;
  hasCreated: boolean;
  featureCount: number;
}

const KEY_SEPARATOR = '\u0001';

/** A one-column key as the join compares it: a number stays a number, anything else is text. */
export function singleKey(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : String(value);
}

/** A key of several columns as the join compares it: their text, joined; null if any is missing. */
export function compositeKey(values: readonly unknown[]): string | null {
  if (values.some((value) => value === null || value === undefined)) return null;
  return values.map(String).join(KEY_SEPARATOR);
}

class KeyColumnBuilder {
  private readonly numbers: ValueColumnBuilder;
  private strings: (string | null)[] | null = null;

  constructor(capacity: number, target?: Float64Array) {
    this.numbers = new ValueColumnBuilder(capacity, target);
  }

  push(key: string | number | null): void {
    if (this.strings) this.strings.push(key === null ? null : String(key));
    else if (typeof key === 'string') {
      this.strings = Array.from(this.numbers.finish() as Float64Array, (number) =>
        Number.isNaN(number) ? null : String(number),
      );
      this.strings.push(key);
    } else this.numbers.push(key);
  }

  finish(): Float64Array | (string | null)[] {
    return this.strings ?? (this.numbers.finish() as Float64Array);
  }
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
  /** A query to run instead of `query.sql`, selecting the same columns. */
  sql?: string;
  /** Where in `shared` the rows read go (default: the slice's place). */
  place?: RowSlice;
  shared?: SharedColumns;
}

/** Reads a view's rows into columns; numbers go into `shared` at their place when given. */
export function readFeatureRows(
  db: Database.Database,
  query: FeatureRowsQuery,
  { slice, sql: otherSql, place: target = slice, shared }: ReadOptions = {},
): FeatureRows {
  const { keyCount, hasCreated, featureCount } = query;
  const capacity = target?.limit ?? 1024;
  const place = (column: Float64Array | null | undefined) =>
    column && target ? column.subarray(target.offset, target.offset + target.limit) : undefined;
  const keys = new KeyColumnBuilder(capacity, place(shared?.keys));
  const times = new ValueColumnBuilder(capacity, place(shared?.times));
  const created = hasCreated ? new ValueColumnBuilder(capacity, place(shared?.created)) : null;
  const values = Array.from(
    { length: featureCount },
    (_, feature) => new ValueColumnBuilder(capacity, place(shared?.values[feature])),
  );
  const firstFeature = keyCount + 1 + (hasCreated ? 1 : 0);
  const sql = otherSql ?? (slice ? `${query.sql} LIMIT ${slice.limit} OFFSET ${slice.offset}` : query.sql);
  let rowCount = 0;
  for (const row of db.prepare(sql).raw(true).iterate() as IterableIterator<StoredValue[]>) {
    keys.push(keyCount === 1 ? singleKey(row[0]) : compositeKey(row.slice(0, keyCount)));
    const time = row[keyCount];
    times.push(typeof time === 'number' ? time : null);
    if (created) {
      const at = row[keyCount + 1];
      created.push(typeof at === 'number' ? at : Number.NEGATIVE_INFINITY);
    }
    for (let feature = 0; feature < featureCount; feature += 1)
      (values[feature] as ValueColumnBuilder).push(row[firstFeature + feature] as StoredValue);
    rowCount += 1;
  }
  return {
    rowCount,
    keys: keys.finish(),
    times: times.finish() as Float64Array,
    created: created ? (created.finish() as Float64Array) : null,
    values: values.map((column) => column.finish()),
  };
}
