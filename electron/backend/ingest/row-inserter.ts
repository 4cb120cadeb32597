import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import type { BatchColumn } from './coerce-batch.js';
import { isPackedText, packedValues } from './packed-text.js';
import type { StoredValue } from './value-coercion.js';

const MAX_ROWS_PER_STATEMENT = 256;
const MAX_PARAMETERS = 32_766;

export interface RowInserter {
  /** Copies the row's values; they may be reused by the caller afterwards. */
  add(values: readonly StoredValue[]): void;
  /** Adds `rowCount` rows given column by column. */
  addColumns(columns: readonly BatchColumn[], rowCount: number): void;
  flush(): void;
}

/**
 * Inserts rows many at a time with one multi-row INSERT, which costs far fewer crossings into
 * SQLite than a statement per row; the remainder goes through a one-row statement on flush.
 */
export function createRowInserter(db: Database.Database, table: string, columns: readonly string[]): RowInserter {
  const width = columns.length;
  const rowsPerStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / width)));
  const prefix = `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const many = db.prepare(prefix + Array.from({ length: rowsPerStatement }, () => tuple).join(', '));
  const one = db.prepare(prefix + tuple);
  const buffer: StoredValue[] = new Array(rowsPerStatement * width);
  let buffered = 0;

  const rowsAdded = (count: number) => {
    buffered += count;
    if (buffered === rowsPerStatement) {
      // As arguments, not one array: better-sqlite3 then reads each value without a property lookup.
      many.run(...buffer);
      buffered = 0;
    }
  };

  return {
    add(values) {
      const offset = buffered * width;
      for (let index = 0; index < width; index += 1) buffer[offset + index] = values[index] ?? null;
      rowsAdded(1);
    },
    addColumns(columns, rowCount) {
      for (let row = 0; row < rowCount; ) {
        const rows = Math.min(rowsPerStatement - buffered, rowCount - row);
        for (let index = 0; index < width; index += 1)
          copyColumn(columns[index] as BatchColumn, row, rows, buffer, buffered * width + index, width);
        row += rows;
        rowsAdded(rows);
      }
    },
    flush() {
      for (let row = 0; row < buffered; row += 1) one.run(buffer.slice(row * width, (row + 1) * width));
      buffered = 0;
    },
  };
}

/**
 * Copies `rows` values of a column from `firstRow` into the statement's values, `stride` apart from
 * `slot`: one loop per kind of column, so each stays simple for the engine.
 */
function copyColumn(
  column: BatchColumn,
  firstRow: number,
  rows: number,
  values: StoredValue[],
  slot: number,
  stride: number,
): void {
  const end = firstRow + rows;
  if (column instanceof Float64Array) {
    for (let row = firstRow, at = slot; row < end; row += 1, at += stride) {
      const value = column[row] as number;
      values[at] = Number.isNaN(value) ? null : value;
    }
  } else if (isPackedText(column)) {
    const valueAt = packedValues(column);
    for (let row = firstRow, at = slot; row < end; row += 1, at += stride) values[at] = valueAt(row);
  } else {
    for (let row = firstRow, at = slot; row < end; row += 1, at += stride) values[at] = column[row] ?? null;
  }
}
