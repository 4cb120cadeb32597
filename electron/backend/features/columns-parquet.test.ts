import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../db/column-types.js';
import { type ValueColumn, valueAt } from '../ingest/value-columns.js';
import { columnsParquet, valueColumnsParquet } from './columns-parquet.js';

const ROWS = 2_000;
const numbers = (make: (row: number) => number) => Float64Array.from({ length: ROWS }, (_, row) => make(row));

describe('valueColumnsParquet', () => {
  it('gives the bytes the value-by-value path gives, for columns of numbers of every type, with and without nulls', () => {
    const columns: { name: string; type: ColumnType; values: ValueColumn }[] = [
      { name: 'amount', type: 'real', values: numbers((row) => row * 0.25 - 100) },
      { name: 'score', type: 'real', values: numbers((row) => (row % 7 === 0 ? Number.NaN : -row / 3)) },
      { name: 'count', type: 'integer', values: numbers((row) => row * 1_000_003 - 5) },
      { name: 'user', type: 'integer', values: numbers((row) => (row % 5 === 0 ? Number.NaN : row % 13)) },
      // Times with fractions of a millisecond and before 1970, as a Date holds them.
      { name: 'at', type: 'timestamp', values: numbers((row) => 1.7e12 + row * 1_000.75 - (row % 3) * 2e12) },
      { name: 'seen', type: 'timestamp', values: numbers((row) => (row % 4 === 0 ? Number.NaN : 86_400_000 * row)) },
      { name: 'day', type: 'date', values: numbers((row) => 86_400_000 * (row - 1_000)) },
      { name: 'flag', type: 'boolean', values: numbers((row) => (row % 9 === 0 ? Number.NaN : row % 2)) },
      { name: 'note', type: 'text', values: Array.from({ length: ROWS }, (_, row) => (row % 3 ? `n${row}` : null)) },
      // A real column read as plain values (one was text), and a short one.
      { name: 'mixed', type: 'real', values: Array.from({ length: ROWS }, (_, row) => (row % 11 ? row / 2 : null)) },
    ];
    const expected = columnsParquet(columns, ROWS, (column, row) =>
      valueAt(columns[column]?.values as ValueColumn, row),
    );
    const fast = valueColumnsParquet(
      columns,
      columns.map((column) => column.values),
      ROWS,
    );
    expect(Buffer.from(fast).equals(Buffer.from(expected))).toBe(true);
  });

  it('leaves times a Date cannot hold to the value-by-value path, which refuses them the same way', () => {
    const columns = [{ name: 'at', type: 'timestamp' as ColumnType }];
    const values = [Float64Array.from([1, 9e15])];
    expect(() => valueColumnsParquet(columns, values, 2)).toThrow();
    expect(() => columnsParquet(columns, 2, (_, row) => valueAt(values[0] as ValueColumn, row))).toThrow();
  });
});
