import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { StoredValue } from '../ingest/value-coercion.js';
import { joinedParts, type ParquetColumn, writeParquet } from '../parquet/parquet-file-writer.js';
import { columnsParquet, rowGroupsParquet } from './columns-parquet.js';

const COLUMNS: ParquetColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'at', type: 'timestamp' },
];
/** Rows as SQLite gives them with safe integers: whole numbers as BigInts. */
const ROWS: StoredValue[][] = Array.from({ length: 250 }, (_, row) => [
  BigInt(row),
  row % 7 ? `name ${row}` : null,
  BigInt(1.7e12 + row),
]);

describe('rowGroupsParquet', () => {
  it('writes each group it reads as a row group, and every row back as it was read', async () => {
    const offsets: number[] = [];
    const bytes = rowGroupsParquet(COLUMNS, 100, (offset, limit) => {
      offsets.push(offset);
      return ROWS.slice(offset, offset + limit);
    });
    expect(offsets).toEqual([0, 100, 200]);
    expect(parquetMetadata(bytes.buffer as ArrayBuffer).row_groups.map((group) => Number(group.num_rows))).toEqual([
      100, 100, 50,
    ]);
    const rows = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer });
    expect(rows.map((row) => [row.id, row.name, BigInt((row.at as Date).getTime())])).toEqual(ROWS);
  });

  it('writes a table without rows as its columns alone', () => {
    const bytes = rowGroupsParquet(COLUMNS, 100, () => []);
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    expect(Number(metadata.num_rows)).toBe(0);
    expect(metadata.schema.slice(1).map((element) => element.name)).toEqual(['id', 'name', 'at']);
  });
});

describe('columnsParquet', () => {
  it('gives the bytes of the same values held as columns', () => {
    const byValue = columnsParquet(COLUMNS, ROWS.length, (column, row) => ROWS[row]?.[column] ?? null);
    const columns = COLUMNS.map((_, column) => ROWS.map((row) => row[column] ?? null));
    expect(Buffer.from(byValue).equals(Buffer.from(joinedParts(writeParquet(COLUMNS, columns, ROWS.length))))).toBe(
      true,
    );
  });
});
