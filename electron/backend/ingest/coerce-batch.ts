import type { ColumnSpec } from '../db/column-types.js';
import { type FastParser, fastParserFor, parseField } from './fast-parse.js';
import {
  isPackedText,
  keepPackedRows,
  NullTokenBytes,
  type PackedText,
  packDelimitedText,
  packTexts,
  withoutNullTokens,
} from './packed-text.js';
import type { DelimitedFields, RawValue, RecordBatch } from './record-source.js';
import { recycled } from './recycled-buffers.js';
import { CoercionError, coerce, type StoredValue } from './value-coercion.js';
import { type ValueColumn, ValueColumnBuilder } from './value-columns.js';

/** A column to import: its spec and its position among the file's fields. */
export type ImportedColumn = ColumnSpec & { index: number };

/** A column of a typed batch: values, or text packed as UTF-8 bytes. */
export type BatchColumn = ValueColumn | PackedText;

export interface QuarantinedRow {
  rowNumber: number;
  column: string | null;
  reason: string;
  raw: string | null;
}

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

/** The typed arrays among a batch's columns, which can be handed to another thread instead of copied. */
export function transferableColumns(batch: CoercedBatch): ArrayBuffer[] {
  const buffers = batch.columns.flatMap((column) => {
    if (column instanceof Float64Array) return [column.buffer as ArrayBuffer];
    if (isPackedText(column))
      return [
        column.bytes.buffer as ArrayBuffer,
        column.starts.buffer as ArrayBuffer,
        column.ends.buffer as ArrayBuffer,
      ];
    return [];
  });
  // A buffer listed twice cannot be transferred.
  return [...new Set(buffers)];
}

/** Only the rows that are kept, of a column typed for every row of its batch. */
function keepRows(column: BatchColumn, kept: Uint8Array, count: number): BatchColumn {
  if (isPackedText(column)) return keepPackedRows(column, kept);
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

/** A column typed in one go, NaN for null, but for the rows in `rest`, which go the general way. */
interface TypedInBulk {
  values: Float64Array;
  rest: readonly number[];
}

/**
 * A column typed in one go by the source, when it can (see ColumnarRows.numbersAt, DelimitedFields):
 * whole (packed text), or but for some rows.
 */
type TypeInBulk = (column: ImportedColumn, position: number) => TypedInBulk | PackedText | null;

const NOTHING_IN_BULK: TypeInBulk = () => null;

/** A column typed the general way, value by value. */
function typedByValue(count: number, typeRow: (row: number) => StoredValue | undefined): ValueColumn {
  const builder = new ValueColumnBuilder(count);
  for (let row = 0; row < count; row += 1) builder.push(typeRow(row) ?? null);
  return builder.finish();
}

/** A column typed in bulk, with its rest typed the general way; plain values once one of those is not a number. */
function typedInBulk({ values, rest }: TypedInBulk, typeRow: (row: number) => StoredValue | undefined): ValueColumn {
  let plain: StoredValue[] | null = null;
  for (const row of rest) {
    const value = typeRow(row) ?? null;
    if (!plain && (value === null || typeof value === 'number')) values[row] = value ?? Number.NaN;
    else {
      plain ??= Array.from(values, (number) => (Number.isNaN(number) ? null : number));
      plain[row] = value;
    }
  }
  return plain ?? values;
}

/** Types a batch column by column; a row with a value that does not fit is quarantined whole, at its first such column. */
function coerceColumnar(
  batch: RecordBatch,
  count: number,
  imported: readonly ImportedColumn[],
  typeValue: TypeValue,
  typeInBulk: TypeInBulk = NOTHING_IN_BULK,
): CoercedBatch {
  const rowNumberOf = rowNumbers(batch, count);
  const kept = new Uint8Array(count).fill(1);
  const quarantined: QuarantinedRow[] = batch.rejected.map((rejected) => ({ ...rejected, column: null }));
  const columns = imported.map((column, position): BatchColumn => {
    // Undefined: the row is quarantined (now or at an earlier column), so its value is never stored.
    const typeRow = (row: number): StoredValue | undefined => {
      if (!kept[row]) return undefined;
      try {
        return typeValue(column, position, row);
      } catch (error) {
        if (!(error instanceof CoercionError)) throw error;
        kept[row] = 0;
        quarantined.push({
          rowNumber: rowNumberOf(row),
          column: column.name,
          reason: `column ${column.name}: ${error.message}`,
          raw: rawText(batch.rows[row] ?? []),
        });
        return undefined;
      }
    };
    const bulk = typeInBulk(column, position);
    if (bulk === null) {
      const values = typedByValue(count, typeRow);
      return column.type === 'text' && Array.isArray(values) ? (packTexts(values) ?? values) : values;
    }
    return isPackedText(bulk) ? bulk : typedInBulk(bulk, typeRow);
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

/**
 * A column of delimited text typed in place by its fast parser, without a string per value; quoted
 * fields and what the parser does not take are left for the general way.
 */
function parsedInPlace(fields: DelimitedFields, index: number, parse: FastParser): TypedInBulk {
  const { rowCount, width, bytes, starts, ends, quoted } = fields;
  const values = recycled.float64(rowCount);
  const rest: number[] = [];
  for (let row = 0, field = index; row < rowCount; row += 1, field += width) {
    const start = starts[field] as number;
    const end = ends[field] as number;
    // A row left for the general way is NaN (null) until it is typed.
    const value = quoted[field] === 1 || start === end ? Number.NaN : parseField(parse, bytes, start, end);
    values[row] = value;
    if (Number.isNaN(value) && (quoted[field] === 1 || start !== end)) rest.push(row);
  }
  return { values, rest };
}

/**
 * Types every value of each batch for its column; a row with a value that does not fit is
 * quarantined whole. What depends only on the columns (their fast parsers, the null tokens as
 * bytes) is worked out once, not per batch.
 */
export function batchCoercer(
  imported: readonly ImportedColumn[],
  nullTokens: ReadonlySet<string>,
): (batch: RecordBatch) => CoercedBatch {
  const typeRaw = (raw: RawValue, column: ImportedColumn) => coerce(raw, column.type, column.format, nullTokens);
  const parsers = imported.map((column) => fastParserFor(column.type, column.format, nullTokens));
  const textNullTokens = new NullTokenBytes(nullTokens);
  return (batch) => {
    const { columns, delimited } = batch;
    if (columns)
      return coerceColumnar(
        batch,
        columns.rowCount,
        imported,
        (column, _position, row) => typeRaw(columns.valueAt(column.index, row), column),
        (column) => {
          if (column.type === 'text') {
            const texts = columns.textsAt?.(column.index);
            return texts ? withoutNullTokens(texts, textNullTokens) : null;
          }
          const values = column.format === null ? (columns.numbersAt?.(column.index, column.type) ?? null) : null;
          return values ? { values, rest: [] } : null;
        },
      );
    if (delimited)
      return coerceColumnar(
        batch,
        delimited.rowCount,
        imported,
        (column, _position, row) => typeRaw(delimited.valueAt(column.index, row), column),
        (column, position) => {
          const parse = parsers[position];
          if (parse) return parsedInPlace(delimited, column.index, parse);
          return column.type === 'text' ? packDelimitedText(delimited, column.index, textNullTokens) : null;
        },
      );
    const { rows } = batch;
    return coerceColumnar(batch, rows.length, imported, (column, _position, row) =>
      typeRaw(rows[row]?.[column.index] ?? null, column),
    );
  };
}
