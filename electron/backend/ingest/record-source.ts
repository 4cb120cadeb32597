import type { PackedText } from './packed-text.js';
/**
 * A file being read for import, whatever its format. Sources yield rows as arrays of raw
 * values in column order; typing, validation and quarantine happen downstream, the same for
 * every format.
 *
 * Raw values by format:
 * - CSV: string, or null for an empty unquoted field.
 * - NDJSON: the JSON value (string, number, boolean, null, or an object/array kept as-is).
 * - Parquet / Arrow: the decoded JS value: string, number, bigint, boolean, Date, Uint8Array,
 *   null, or a nested object/array.
 */
export type RawValue = string | number | bigint | boolean | Date | Uint8Array | null | object;

/**
 * A value the file holds that has no faithful form here (a date past the range of dates): its row
 * is quarantined with the reason, whatever the column's type.
 */
export class UnreadableValue {
  constructor(readonly reason: string) {}
}

export interface SourceField {
  name: string;
  /** The type the file itself declares (Parquet, Arrow), as inference hints; undefined for text formats. */
  declaredType?: DeclaredType;
}

export type DeclaredType = 'integer' | 'real' | 'text' | 'boolean' | 'timestamp' | 'date' | 'binary' | 'json';

export interface RecordBatch {
  /** Rows in file order; each has exactly one value per field. */
  rows: RawValue[][];
  /** 1-based number of the first row of this batch among the file's data rows. */
  firstRowNumber: number;
  /** Rows the source could not read at all (wrong field count, bad JSON), in file order. */
  rejected: RejectedRow[];
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
  /** The batch is the last of one of the file's independently readable parts (a Parquet row group). */
  endsPart?: boolean;
  /**
   * The same rows column by column, for formats that store them so (Parquet): typing them this way
   * builds no array per row. `rows` then holds the same values.
   */
  columns?: ColumnarRows;
  /** The same rows as fields in their text, for delimited text (CSV). */
  delimited?: DelimitedFields;
}

export interface ColumnarRows {
  rowCount: number;
  valueAt(column: number, row: number): RawValue;
  /**
   * A column's values typed as `type` in one go (NaN for null), when the file declares that type
   * and every value is a plain number of it; null otherwise (then each goes through valueAt).
   */
  numbersAt?(column: number, type: DeclaredType): Float64Array | null;
  /** A text column's values in one go, packed, when the file declares it text; null otherwise. */
  textsAt?(column: number): PackedText | null;
}

/**
 * The fields of delimited text where they sit in the file's bytes (UTF-8), so a number can be
 * parsed in place instead of cut out as a string first. `rows` then holds the same values.
 */
export interface DelimitedFields {
  rowCount: number;
  /** Fields per row. */
  width: number;
  /** The batch's records as UTF-8. */
  bytes: Buffer;
  /** The quote character's byte: inside a quoted field, each one is doubled. */
  quote: number;
  /** Per field (row by row): where its bytes start and end, and whether it was quoted. */
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
  /** The field as a raw value: its text with quotes undone, or null when empty and unquoted. */
  valueAt(column: number, row: number): RawValue;
}

/** Every `of`-th part of a file, starting at part `index`: what one of several readers reads. */
export interface SourceShare {
  index: number;
  of: number;
}

export interface RejectedRow {
  rowNumber: number;
  reason: string;
  /** The row's original text, when the format has one (CSV line, NDJSON line). */
  raw: string | null;
}

export interface RecordSource {
  readonly format: SourceFormat;
  /** Total size of the file in bytes. */
  readonly totalBytes: number;
  /** The file's fields, known before any batch is read. */
  fields(): Promise<SourceField[]>;
  /** How many parts the file can be read in independently (a Parquet file's row groups); 1 when it is read front to back. */
  readonly parts: number;
  /**
   * Streams the whole file (or the parts of `share`) in batches of about `batchRows` rows; never
   * holds the whole file in memory. A batch is valid until the next one is asked for: a source may
   * reuse its memory, so whatever of it must outlive it is read out first.
   */
  batches(batchRows: number, share?: SourceShare): AsyncIterable<RecordBatch>;
  close(): Promise<void>;
}

export type SourceFormat = 'csv' | 'ndjson' | 'parquet' | 'arrow';
