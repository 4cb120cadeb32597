import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import type { StoredValue } from './value-coercion.js';
import { type ValueColumn, valueAt } from './value-columns.js';

const MAX_ROWS_PER_STATEMENT = 256;
const MAX_PARAMETERS = 32_766;

export interface RowInserter {
  /** Copies the row's values; they may be reused by the caller afterwards. */
  add(values: readonly StoredValue[]): void;
  /** Adds `rowCount` rows given column by column. */
  addColumns(columns: readonly ValueColumn[], rowCount: number): void;
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

  const rowAdded = () => {
    buffered += 1;
    if (buffered === rowsPerStatement) {
      many.run(...buffer);
      buffered = 0;
    }
  };

  return {
    add(values) {
      const offset = buffered * width;
      for (let index = 0; index < width; index += 1) buffer[offset + index] = values[index] ?? null;
      rowAdded();
    },
    addColumns(columns, rowCount) {
      for (let row = 0; row < rowCount; row += 1) {
        const offset = buffered * width;
        for (let index = 0; index < width; index += 1)
          buffer[offset + index] = valueAt(columns[index] as ValueColumn, row);
        rowAdded();
      }
    },
    flush() {
      for (let row = 0; row < buffered; row += 1) one.run(buffer.slice(row * width, (row + 1) * width));
      buffered = 0;
    },
  };
}
