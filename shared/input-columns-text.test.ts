import { describe, expect, it } from 'vitest';
import { parseInputColumns } from './input-columns-text.js';

const refusal = (...texts: string[]) => {
  try {
    parseInputColumns(texts);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('input columns as people type them', () => {
  it('reads a plain list for the only input with many values per row, keeping spaces inside names', () => {
    expect(parseInputColumns(['Beak Length (mm), Beak Depth (mm) ,Flipper Length (mm)'])).toEqual([
      'Beak Length (mm)',
      'Beak Depth (mm)',
      'Flipper Length (mm)',
    ]);
  });

  it('reads the columns of several inputs by name, from one text or several', () => {
    const both = { numbers: ['a', 'b'], words: ['c'] };
    expect(parseInputColumns(['numbers = a, b; words = c'])).toEqual(both);
    expect(parseInputColumns(['numbers=a,b', 'words=c;'])).toEqual(both);
    expect(parseInputColumns(['numbers = a, b'])).toEqual({ numbers: ['a', 'b'] });
  });

  it('takes names with commas, semicolons, equals signs, quotes and edge spaces in double quotes', () => {
    expect(parseInputColumns(['"price, USD", "a;b", "x=y", "say ""hi""", " padded "'])).toEqual([
      'price, USD',
      'a;b',
      'x=y',
      'say "hi"',
      ' padded ',
    ]);
    expect(parseInputColumns(['"in=put" = "a,b", c'])).toEqual({ 'in=put': ['a,b', 'c'] });
  });

  it('refuses, naming the problem, what cannot be read', () => {
    expect(refusal('')).toBe('no input columns were named');
    expect(refusal('a,,b')).toBe('a column name is missing in a,,b');
    expect(refusal('a, b,')).toBe('a column name is missing in a, b,');
    expect(refusal('"a" "b"')).toMatch(/^expected a comma between column names in "a" "b"/);
    expect(refusal('"abc')).toBe('a quoted name is not closed in "abc');
    expect(refusal('x = a = b')).toMatch(/^= follows only an input name/);
    expect(refusal('= a, b')).toBe('an input name is missing before = in = a, b');
    expect(refusal(', = a')).toBe('an input name is missing before = in , = a');
    expect(refusal('x =')).toBe('a column name is missing in x =');
    expect(refusal('a, b; y = c')).toBe('with columns for more than one input, name each input: x = a, b; y = c, d');
    expect(refusal('x = a', 'x = b')).toBe('the columns of input "x" are named more than once');
    expect(refusal('"" = a')).toBe('an empty input name in "" = a');
    expect(refusal('a, ""')).toBe('an empty column name in a, ""');
  });
});
