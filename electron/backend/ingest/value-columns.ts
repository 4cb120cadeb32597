import type { StoredValue } from './value-coercion.js';

/**
 * A column of stored values: numbers in a typed array (NaN for null), which moves between
 * threads without copying, or plain values once one is not a number.
 */
export type ValueColumn = Float64Array | StoredValue[];

/** The value at a row of a column (NaN read back as null). */
export function valueAt(column: ValueColumn, row: number): StoredValue {
  const value = column[row] ?? null;
  return typeof value === 'number' && Number.isNaN(value) ? null : value;
}

/** Values put at rows of a column of numbers: `values[i]` at row `rows[i]`. */
export interface ValuesAt {
  rows: readonly number[];
  values: readonly StoredValue[];
}

/** A column of numbers (NaN: null) with values that are not numbers put in at their rows. */
export function withValuesAt(numbers: Float64Array, puts: readonly ValuesAt[]): ValueColumn {
  if (puts.length === 0) return numbers;
  const column: StoredValue[] = Array.from(numbers, (number) => (Number.isNaN(number) ? null : number));
  for (const { rows, values } of puts)
    for (let index = 0; index < rows.length; index += 1) column[rows[index] as number] = values[index] ?? null;
  return column;
}

/** Builds a column value by value, as numbers until a value is not a number. */
export class ValueColumnBuilder {
  private numbers: Float64Array;
  private plain: StoredValue[] | null = null;
  private length = 0;

  /** `target`: where to write the numbers (e.g. shared memory another thread reads), sized for every row. */
  constructor(capacity: number, target?: Float64Array) {
    this.numbers = target ?? new Float64Array(Math.max(16, capacity));
  }

  push(value: StoredValue): void {
    if (this.plain) {
      this.plain.push(value);
      return;
    }
    if (typeof value !== 'number' && value !== null) {
      this.plain = Array.from(this.numbers.subarray(0, this.length), (number) =>
        Number.isNaN(number) ? null : number,
      );
      this.plain.push(value);
      return;
    }
    if (this.length === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.length] = value ?? Number.NaN;
    this.length += 1;
  }

  finish(): ValueColumn {
    return this.plain ?? this.numbers.subarray(0, this.length);
  }
}
