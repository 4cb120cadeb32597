import { describe, expect, it } from 'vitest';
import { exactInteger, formatBlob, formatCount, formatStatistic, formatStoredTime, groupDigits } from './format.js';

describe('value display', () => {
  it('keeps integers beyond 2^53 exact as their digits, and smaller ones as numbers', () => {
    expect(exactInteger(42n)).toBe(42);
    expect(exactInteger(9_007_199_254_740_991n)).toBe(9_007_199_254_740_991);
    expect(exactInteger(9_007_199_254_740_993n)).toBe('9007199254740993');
    expect(exactInteger(-9_223_372_036_854_775_808n)).toBe('-9223372036854775808');
  });

  it('shows BLOBs as SQL hex literals, cut with their size when asked', () => {
    expect(formatBlob(Uint8Array.of(0x0a, 0x0b, 0xff))).toBe("X'0A0BFF'");
    expect(formatBlob(new Uint8Array())).toBe("X''");
    expect(formatBlob(new Uint8Array(2048).fill(1), 2)).toBe("X'0101…' (2.0 KB)");
    expect(formatBlob(Uint8Array.of(1, 2), 2)).toBe("X'0102'");
  });

  it('shows a stored time past the years a date can hold as its number, not an exception', () => {
    expect(formatStoredTime(Date.UTC(2001, 0, 1, 0, 47), 'timestamp')).toBe('2001-01-01T00:47:00Z');
    expect(formatStoredTime(9e15, 'timestamp')).toBe('9000000000000000');
  });
});

describe('groupDigits', () => {
  it('groups digits exactly as toLocaleString does, for integers of every length and sign and for other numbers', () => {
    const values = [0, -0, 1, -1, 12, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -1_234_567, 2 ** 53 - 1];
    for (let digits = 1; digits <= 16; digits += 1) values.push(10 ** digits - 1, -(10 ** digits), 7 * 10 ** digits);
    values.push(1.5, -1234.5678, 2 ** 53, 1e21, Number.NaN, Number.POSITIVE_INFINITY);
    for (const value of values) expect(groupDigits(value)).toBe(value.toLocaleString('en-US'));
  });

  it('is what counts are written with', () => {
    expect(formatCount(1_234_567, 'row')).toBe('1,234,567 rows');
    expect(formatCount(1, 'entity', 'entities')).toBe('1 entity');
  });
});

describe('formatStatistic', () => {
  it('shows integers exactly, with grouping, however large', () => {
    expect(formatStatistic(1704067200000, 'integer')).toBe('1,704,067,200,000');
    expect(formatStatistic(1704067200000, 'real')).toBe('1,704,067,200,000');
    expect(formatStatistic(-42, 'integer')).toBe('-42');
  });

  it('shows other numbers to two decimals, and small ones to four significant digits', () => {
    expect(formatStatistic(1704067200000.25, 'real')).toBe('1,704,067,200,000.25');
    expect(formatStatistic(12.3456, 'real')).toBe('12.35');
    expect(formatStatistic(0.000123456, 'real')).toBe('0.0001235');
  });

  it('shows times as dates', () => {
    expect(formatStatistic(981158400000, 'timestamp')).toBe('2001-02-03T00:00:00Z');
    expect(formatStatistic(981158400000, 'date')).toBe('2001-02-03');
  });
});
