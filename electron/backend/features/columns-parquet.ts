import { ByteWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import type { ColumnType } from '../db/column-types.js';
import type { StoredValue } from '../ingest/value-coercion.js';
import { type ValueColumn, valueAt } from '../ingest/value-columns.js';

type ParquetType = 'INT64' | 'DOUBLE' | 'STRING' | 'BOOLEAN' | 'TIMESTAMP' | 'JSON' | 'BYTE_ARRAY';

const PARQUET_TYPES: Record<ColumnType, ParquetType> = {
  integer: 'INT64',
  real: 'DOUBLE',
  text: 'STRING',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'TIMESTAMP',
  json: 'JSON',
  binary: 'BYTE_ARRAY',
};

function parquetValue(value: StoredValue, type: ColumnType): unknown {
  if (value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
    case 'real':
      return Number(value);
    case 'boolean':
      return Number(value) !== 0;
    case 'timestamp':
    case 'date':
      return new Date(Number(value));
    case 'text':
    case 'json':
      return String(value);
    case 'binary':
      return value;
  }
}

type TypedColumn = { name: string; type: ColumnType };

function columnData(
  columns: readonly TypedColumn[],
  rows: number,
  value: (column: number, row: number) => StoredValue,
) {
  return columns.map((column, index) => ({
    name: column.name,
    type: PARQUET_TYPES[column.type],
    data: Array.from({ length: rows }, (_, row) => parquetValue(value(index, row), column.type)),
  }));
}

/**
 * Columns of a table as Parquet bytes, each with the Parquet type of its column type: the same
 * values give the same bytes.
 */
export function columnsParquet(
  columns: readonly TypedColumn[],
  rows: number,
  value: (column: number, row: number) => StoredValue,
): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData: columnData(columns, rows, value) }));
}

/** Latest time a JavaScript Date holds, in ms either side of 1970. */
const DATE_LIMIT_MS = 8.64e15;

/**
 * A column of numbers (NaN: null) as the values the Parquet writer takes for its type, made
 * without a call per value: real numbers as they are, integers and times as 64-bit integers (in
 * typed arrays when no value is null). Null where only the value-by-value path fits.
 */
function numberColumnData(numbers: Float64Array, type: ColumnType): ArrayLike<unknown> | null {
  const isTime = type === 'timestamp' || type === 'date';
  if (type !== 'real' && type !== 'integer' && !isTime) return null;
  let nulls = 0;
  for (let row = 0; row < numbers.length; row += 1) if (Number.isNaN(numbers[row])) nulls += 1;
  // A time is written as its Date's milliseconds: whole, and only within a Date's range.
  if (isTime && numbers.some((number) => Math.abs(number) > DATE_LIMIT_MS)) return null;
  if (type === 'real') return nulls === 0 ? numbers : withNulls(numbers, (number) => number);
  const whole = (number: number) => BigInt(Math.trunc(number));
  return nulls === 0 ? BigInt64Array.from(numbers, whole) : withNulls(numbers, whole);
}

/** The numbers as plain values, NaN as null (a loop: about twice as fast as Array.from with a function). */
function withNulls<T>(numbers: Float64Array, convert: (number: number) => T): (T | null)[] {
  const values: (T | null)[] = new Array(numbers.length);
  for (let row = 0; row < numbers.length; row += 1) {
    const number = numbers[row] as number;
    values[row] = Number.isNaN(number) ? null : convert(number);
  }
  return values;
}

/**
 * Columns held as ValueColumns as Parquet bytes: the same bytes as columnsParquet gives for
 * their values, with columns of numbers handed to the writer whole rather than value by value.
 */
export function valueColumnsParquet(
  columns: readonly TypedColumn[],
  values: readonly ValueColumn[],
  rows: number,
): Uint8Array {
  const data = columns.map((column, index) => {
    const source = values[index] as ValueColumn;
    const numbers = source instanceof Float64Array && source.length === rows ? source : null;
    return {
      name: column.name,
      type: PARQUET_TYPES[column.type],
      data:
        (numbers && numberColumnData(numbers, column.type)) ??
        Array.from({ length: rows }, (_, row) => parquetValue(valueAt(source, row), column.type)),
    };
  });
  return new Uint8Array(
    parquetWriteBuffer({ columnData: data as Parameters<typeof parquetWriteBuffer>[0]['columnData'] }),
  );
}

/**
 * Rows read a row group at a time as Parquet bytes, so only one group's values are held as
 * objects at once: the same rows give the same bytes. `readGroup` gives the rows from an offset,
 * at most `groupRows` of them; fewer ends the file.
 */
export function rowGroupsParquet(
  columns: readonly TypedColumn[],
  groupRows: number,
  readGroup: (offset: number, limit: number) => StoredValue[][],
): Uint8Array {
  const writer = new ByteWriter();
  let parquet: ParquetWriter | null = null;
  for (let offset = 0; ; offset += groupRows) {
    const rows = readGroup(offset, groupRows);
    const data = columnData(columns, rows.length, (column, row) => (rows[row] as StoredValue[])[column] as StoredValue);
    parquet ??= new ParquetWriter({ writer, schema: schemaFromColumnData({ columnData: data }) });
    if (rows.length > 0) parquet.write({ columnData: data, rowGroupSize: groupRows });
    if (rows.length < groupRows) break;
  }
  parquet?.finish();
  return new Uint8Array(writer.getBuffer());
}
