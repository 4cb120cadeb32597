import type { ColumnSpec } from './column-types.js';
import { fastParserFor } from './fast-parse.js';
import type { DelimitedFields, RawValue, RecordBatch } from './record-source.js';
import { CoercionError, coerce, type StoredValue } from './value-coercion.js';

/** A column to import: its spec and its position among the file's fields. */
export type ImportedColumn = ColumnSpec & { index: number };

export interface QuarantinedRow {
  rowNumber: number;
  column: string | null;
  reason: string;
  raw: string | null;
}

/**
 * One imported column's values in a batch: numbers in a typed array (NaN for null), which moves
 * between threads without copying, or plain values once one is not a number.
 */
export type BatchColumn = Float64Array | StoredValue[];

/** A batch typed for the table: the rows that fit, column by column, and the rows that did not. */
export interface CoercedBatch {
  /** One column per imported column, each `rowCount` long. */
  columns: BatchColumn[];
  rowCount: number;
  /** Rows that could not be read or did not fit the schema, in file order. */
  quarantined: QuarantinedRow[];
  /** Rows of the file this batch covered, fitting or not. */
  rowsRead: number;
  bytesRead: number;
  /** The batch ends one of the file's parts: the next batch comes from the next part's reader. */
  endsPart: boolean;
}

function rawText(row: readonly RawValue[]): string {
  return JSON.stringify(row, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value instanceof Uint8Array ? `<${value.length} bytes>` : value,
  );
}

class BatchColumnBuilder {
  private numbers: Float64Array;
  private plain: StoredValue[] | null = null;
  private length = 0;

  constructor(capacity: number) {
    this.numbers = new Float64Array(capacity);
  }

  push(value: StoredValue): void {
    if (this.plain) this.plain.push(value);
    else if (value === null) this.numbers[this.length++] = Number.NaN;
    else if (typeof value === 'number') this.numbers[this.length++] = value;
    else {
      this.plain = Array.from(this.numbers.subarray(0, this.length), (number) =>
        Number.isNaN(number) ? null : number,
      );
      this.plain.push(value);
    }
  }

  finish(): BatchColumn {
    return this.plain ?? this.numbers.subarray(0, this.length);
  }
}

/** The value at a row of a batch column. */
export function batchValue(column: BatchColumn, row: number): StoredValue {
  const value = column[row] ?? null;
  return typeof value === 'number' && Number.isNaN(value) ? null : value;
}

/** The typed arrays among a batch's columns, which can be handed to another thread instead of copied. */
export function transferableColumns(batch: CoercedBatch): ArrayBuffer[] {
  return batch.columns.flatMap((column) => (column instanceof Float64Array ? [column.buffer as ArrayBuffer] : []));
}

/** Only the rows that are kept, of a column typed for every row of its batch. */
function keepRows(column: BatchColumn, kept: Uint8Array, count: number): BatchColumn {
  if (column instanceof Float64Array) {
    const compact = new Float64Array(count);
    let next = 0;
    for (let row = 0; row < column.length; row += 1) if (kept[row]) compact[next++] = column[row] as number;
    return compact;
  }
  return column.filter((_, row) => kept[row] === 1);
}

/** Types the value of one column at a row, or throws a CoercionError. */
type TypeValue = (column: ImportedColumn, position: number, row: number) => StoredValue;

/** A whole column already typed by the source, when it can (see ColumnarRows.numbersAt). */
type TypedColumn = (column: ImportedColumn) => Float64Array | null;

/** Types a batch column by column; a row with a value that does not fit is quarantined whole, at its first such column. */
function coerceColumnar(
  batch: RecordBatch,
  count: number,
  imported: readonly ImportedColumn[],
  typeValue: TypeValue,
  typedColumn: TypedColumn = () => null,
): CoercedBatch {
  const kept = new Uint8Array(count).fill(1);
  const quarantined: QuarantinedRow[] = [];
  const columns = imported.map((column, position): BatchColumn => {
    const typed = typedColumn(column);
    if (typed) return typed;
    const builder = new BatchColumnBuilder(count);
    for (let row = 0; row < count; row += 1) {
      if (!kept[row]) {
        builder.push(null);
        continue;
      }
      try {
        builder.push(typeValue(column, position, row));
      } catch (error) {
        if (!(error instanceof CoercionError)) throw error;
        kept[row] = 0;
        builder.push(null);
        const raw = rawText(batch.rows[row] ?? []);
        quarantined.push({
          rowNumber: batch.firstRowNumber + row,
          column: column.name,
          reason: `column ${column.name}: ${error.message}`,
          raw,
        });
      }
    }
    return builder.finish();
  });
  quarantined.sort((a, b) => a.rowNumber - b.rowNumber);
  const rowCount = count - quarantined.length;
  return {
    columns: rowCount === count ? columns : columns.map((column) => keepRows(column, kept, rowCount)),
    rowCount,
    quarantined,
    rowsRead: count,
    bytesRead: batch.bytesRead,
    endsPart: batch.endsPart ?? false,
  };
}

/** Types delimited text in place: plain numbers, booleans and UTC timestamps without cutting strings. */
function delimitedTyper(
  fields: DelimitedFields,
  imported: readonly ImportedColumn[],
  nullTokens: ReadonlySet<string>,
): TypeValue {
  const parsers = imported.map((column) => fastParserFor(column.type, column.format, nullTokens));
  const { width, texts, starts, ends, quoted } = fields;
  return (column, position, row) => {
    const field = row * width + column.index;
    const start = starts[field] as number;
    const end = ends[field] as number;
    if (!quoted[field]) {
      if (start === end) return null;
      const parser = parsers[position];
      if (parser) {
        const value = parser(texts[row] as string, start, end);
        if (!Number.isNaN(value)) return value;
      }
    }
    return coerce(fields.valueAt(column.index, row), column.type, column.format, nullTokens);
  };
}

/** Types every value of a batch for its column; a row with a value that does not fit is quarantined whole. */
export function coerceBatch(
  batch: RecordBatch,
  imported: readonly ImportedColumn[],
  nullTokens: ReadonlySet<string>,
): CoercedBatch {
  if (batch.rejected.length === 0 && batch.columns) {
    const { columns } = batch;
    return coerceColumnar(
      batch,
      columns.rowCount,
      imported,
      (column, _position, row) => coerce(columns.valueAt(column.index, row), column.type, column.format, nullTokens),
      (column) => (column.format === null ? (columns.numbersAt?.(column.index, column.type) ?? null) : null),
    );
  }
  if (batch.rejected.length === 0 && batch.delimited)
    return coerceColumnar(
      batch,
      batch.delimited.rowCount,
      imported,
      delimitedTyper(batch.delimited, imported, nullTokens),
    );
  const width = imported.length;
  const builders = imported.map(() => new BatchColumnBuilder(batch.rows.length));
  const typed: StoredValue[] = new Array(width);
  const quarantined: QuarantinedRow[] = batch.rejected.map((rejected) => ({ ...rejected, column: null }));
  const rejectedNumbers = new Set(batch.rejected.map((rejected) => rejected.rowNumber));
  let rowNumber = batch.firstRowNumber - 1;
  let rowCount = 0;
  for (const row of batch.rows) {
    rowNumber += 1;
    while (rejectedNumbers.has(rowNumber)) rowNumber += 1;
    let position = 0;
    try {
      for (; position < width; position += 1) {
        const column = imported[position] as ImportedColumn;
        typed[position] = coerce(row[column.index] ?? null, column.type, column.format, nullTokens);
      }
    } catch (error) {
      if (!(error instanceof CoercionError)) throw error;
      const name = (imported[position] as ImportedColumn).name;
      quarantined.push({ rowNumber, column: name, reason: `column ${name}: ${error.message}`, raw: rawText(row) });
      continue;
    }
    for (let column = 0; column < width; column += 1)
      (builders[column] as BatchColumnBuilder).push(typed[column] ?? null);
    rowCount += 1;
  }
  quarantined.sort((a, b) => a.rowNumber - b.rowNumber);
  return {
    columns: builders.map((builder) => builder.finish()),
    rowCount,
    quarantined,
    rowsRead: batch.rows.length + batch.rejected.length,
    bytesRead: batch.bytesRead,
    endsPart: batch.endsPart ?? false,
  };
}
