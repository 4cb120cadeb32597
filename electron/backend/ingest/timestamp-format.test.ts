import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp-format.js';

describe('parseTimestamp', () => {
  it('reads ISO-8601 in its common forms, honouring offsets', () => {
    expect(parseTimestamp('2024-03-01T10:20:30Z', null)).toBe(Date.UTC(2024, 2, 1, 10, 20, 30));
    expect(parseTimestamp('2024-03-01T10:20:30.123Z', null)).toBe(Date.UTC(2024, 2, 1, 10, 20, 30, 123));
    expect(parseTimestamp('2024-03-01 10:20', null)).toBe(Date.UTC(2024, 2, 1, 10, 20));
    expect(parseTimestamp('2024-03-01', null)).toBe(Date.UTC(2024, 2, 1));
    expect(parseTimestamp('2024-03-01T10:20:30+02:00', null)).toBe(Date.UTC(2024, 2, 1, 8, 20, 30));
    expect(parseTimestamp('2024-03-01T10:20:30.5-0130', null)).toBe(Date.UTC(2024, 2, 1, 11, 50, 30, 500));
  });

  it('knows leap years and month lengths', () => {
    expect(parseTimestamp('2024-02-29T00:00:00Z', null)).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimestamp('2000-02-29', null)).toBe(Date.UTC(2000, 1, 29));
    expect(parseTimestamp('2023-12-31T23:59:59.999Z', null)).toBe(Date.UTC(2023, 11, 31, 23, 59, 59, 999));
  });

  it('refuses impossible dates and text that is not a timestamp', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2023-02-29',
      '1900-02-29',
      '2023-04-31T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      'yesterday',
      '2024-1-1',
      '',
    ]) {
      expect(parseTimestamp(text, null), text).toBeNull();
    }
  });

  it('reads the patterns users give', () => {
    expect(parseTimestamp('Jan 5 2000', '%b %d %Y')).toBe(Date.UTC(2000, 0, 5));
    expect(parseTimestamp('2001/01/01 00:47', '%Y/%m/%d %H:%M')).toBe(Date.UTC(2001, 0, 1, 0, 47));
    expect(parseTimestamp('31.12.1999', '%d.%m.%Y')).toBe(Date.UTC(1999, 11, 31));
    expect(parseTimestamp('1700000000', '%s')).toBe(1_700_000_000_000);
    expect(parseTimestamp('13/31/1999', '%m/%d/%Y')).toBeNull();
    expect(() => parseTimestamp('x', '%Q')).toThrow('unknown directive %Q');
  });
});
