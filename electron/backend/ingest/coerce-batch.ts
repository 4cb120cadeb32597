import type { ColumnSpec } from '../db/column-types.js';
import { fastParserFor } from './fast-parse.js';
import type { DelimitedFields, RawValue, RecordBatch } from './record-source.js';
import { CoercionError, coerce, type StoredValue } from './value-coercion.js';
import { type ValueColumn, ValueColumnBuilder } from './value-columns.js';

/** A column to import: its spec and its position among the file's fields. */
export type ImportedColumn = ColumnSpec & { index: number };

export interface QuarantinedRow {
  rowNumber: number;
  column: string | null;
  reason: string;
  raw: string | null;
}

/** A batch typed for the table: the rows that fit, column by column, and the rows that did not. */
export interface CoercedBatch {
  /** One column per imported column, each `rowCount` long. */
  columns: ValueColumn[];
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

/** The typed arrays among a batch's columns, which can be handed to another thread instead of copied. */
export function transferableColumns(batch: CoercedBatch): ArrayBuffer[] {
  return batch.columns.flatMap((column) => (column instanceof Float64Array ? [column.buffer as ArrayBuffer] : []));
}

/** Only the rows that are kept, of a column typed for every row of its batch. */
function keepRows(column: ValueColumn, kept: Uint8Array, count: number): ValueColumn {
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
  const rowNumberOf = rowNumbers(batch, count);
  const kept = new Uint8Array(count).fill(1);
  const quarantined: QuarantinedRow[] = batch.rejected.map((rejected) => ({ ...rejected, column: null }));
  const columns = imported.map((column, position): ValueColumn => {
    const typed = typedColumn(column);
    if (typed) return typed;
    const builder = new ValueColumnBuilder(count);
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
        quarantined.push({
          rowNumber: rowNumberOf(row),
          column: column.name,
          reason: `column ${column.name}: ${error.message}`,
          raw: rawText(batch.rows[row] ?? []),
        });
      }
    }
    return builder.finish();
  });
  quarantined.sort((a, b) => a.rowNumber - b.rowNumber);
  const rowCount = count - (quarantined.length - batch.rejected.length);
  return {
    columns: rowCount === count ? columns : columns.map((column) => keepRows(column, kept, rowCount)),
    rowCount,
    quarantined,
    rowsRead: count + batch.rejected.length,
    bytesRead: batch.bytesRead,
    endsPart: batch.endsPart ?? false,
  };
}

/** The file row number of each of a batch's readable rows, counting the rejected rows between them. */
function rowNumbers(batch: RecordBatch, count: number): (row: number) => number {
  if (batch.rejected.length === 0) return (row) => batch.firstRowNumber + row;
  const rejected = new Set(batch.rejected.map((row) => row.rowNumber));
  const numbers = new Int32Array(count);
  let rowNumber = batch.firstRowNumber - 1;
  for (let row = 0; row < count; row += 1) {
    rowNumber += 1;
    while (rejected.has(rowNumber)) rowNumber += 1;
    numbers[row] = rowNumber;
  }
  return (row) => numbers[row] as number;
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
  const typeRaw = (raw: RawValue, column: ImportedColumn) => coerce(raw, column.type, column.format, nullTokens);
  const { columns, delimited } = batch;
  if (columns)
    return coerceColumnar(
      batch,
      columns.rowCount,
      imported,
      (column, _position, row) => typeRaw(columns.valueAt(column.index, row), column),
      (column) => (column.format === null ? (columns.numbersAt?.(column.index, column.type) ?? null) : null),
    );
  if (delimited)
    return coerceColumnar(batch, delimited.rowCount, imported, delimitedTyper(delimited, imported, nullTokens));
  const { rows } = batch;
  return coerceColumnar(batch, rows.length, imported, (column, _position, row) =>
    typeRaw(rows[row]?.[column.index] ?? null, column),
  );
}
