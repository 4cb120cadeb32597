import { parquetWriteBuffer } from 'hyparquet-writer';
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

/**
 * Columns of a table as Parquet bytes, each with the Parquet type of its column type: the same
 * values give the same bytes.
 */
export function columnsParquet(
  columns: readonly { name: string; type: ColumnType }[],
  rows: number,
  value: (column: number, row: number) => StoredValue,
): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((column, index) => ({
      name: column.name,
      type: PARQUET_TYPES[column.type],
      data: Array.from({ length: rows }, (_, row) => parquetValue(value(index, row), column.type)),
    })),
  });
  return new Uint8Array(buffer);
}
