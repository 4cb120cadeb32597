import type { ColumnType } from '../db/column-types.js';
import type { ValueColumn } from '../ingest/value-columns.js';
import type { ByteOutput } from './byte-output.js';

/** One column's values over a range of rows, encoded as Parquet's pages hold them. */
export interface EncodedColumn {
  /** Per row: 1 where it holds a value, 0 where it is null (its definition level). */
  defined: Uint8Array;
  nulls: number;
  /** Writes the values from the `from`th to before the `to`th (nulls not counted) as a page holds them. */
  writeValues(output: ByteOutput, from: number, to: number): void;
  /** How many bytes `writeValues` writes for them: exactly when `exactSize`, else about (to bound a page's size). */
  size(from: number, to: number): number;
  exactSize: boolean;
  /** The distinct values in plain encoding, when the pages hold indices into them. */
  dictionary: { bytes: Uint8Array; count: number } | null;
  /** Least and greatest values in plain encoding (without a length), null when not kept. */
  min: Uint8Array | null;
  max: Uint8Array | null;
}

/** What is known of a column's values before they are encoded: which rows hold one, and the bounds. */
export type ColumnFacts = Pick<EncodedColumn, 'defined' | 'nulls' | 'min' | 'max'>;

export interface ColumnSlice {
  name: string;
  type: ColumnType;
  values: ValueColumn;
  start: number;
  end: number;
}
