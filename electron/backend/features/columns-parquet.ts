import type { StoredValue } from '../ingest/value-coercion.js';
import { joinedParts, type ParquetColumn, ParquetFileWriter, writeParquet } from '../parquet/parquet-file-writer.js';

/** Columns given value by value as Parquet bytes: the same values give the same bytes. */
export function columnsParquet(
  columns: readonly ParquetColumn[],
  rows: number,
  value: (column: number, row: number) => StoredValue,
): Uint8Array {
  const values = columns.map((_, column) => Array.from({ length: rows }, (_, row) => value(column, row)));
  return joinedParts(writeParquet(columns, values, rows));
}

/**
 * Rows read a row group at a time as Parquet bytes, so only one group's values are held at once:
 * the same rows give the same bytes. `readGroup` gives the rows from an offset, at most
 * `groupRows` of them; fewer ends the file.
 */
export function rowGroupsParquet(
  columns: readonly ParquetColumn[],
  groupRows: number,
  readGroup: (offset: number, limit: number) => StoredValue[][],
): Uint8Array {
  const writer = new ParquetFileWriter(columns);
  for (let offset = 0; ; offset += groupRows) {
    const rows = readGroup(offset, groupRows);
    const values = columns.map((_, column) => rows.map((row) => row[column] ?? null));
    writer.addRowGroup(values, 0, rows.length);
    if (rows.length < groupRows) break;
  }
  return joinedParts(writer.finish());
}
