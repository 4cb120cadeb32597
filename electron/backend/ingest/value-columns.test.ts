import { describe, expect, it } from 'vitest';
import { withValuesAt } from './value-columns.js';

describe('withValuesAt', () => {
  it('keeps a column of numbers as it is when nothing is put in', () => {
    const numbers = Float64Array.from([1, Number.NaN]);
    expect(withValuesAt(numbers, [])).toBe(numbers);
  });

  it('puts values at their rows of a column of numbers, NaN read as null', () => {
    const numbers = Float64Array.from([1, Number.NaN, 3, 4]);
    const column = withValuesAt(numbers, [
      { rows: [3], values: ['four'] },
      { rows: [0, 2], values: ['one', null] },
    ]);
    expect(column).toEqual(['one', null, null, 'four']);
  });
});
