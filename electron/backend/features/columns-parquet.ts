import { ByteWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import type { ColumnType } from '../db/column-types.js';
import type { StoredValue } from '../ingest/value-coercion.js';

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
