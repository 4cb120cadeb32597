import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import { daysSinceEpoch, parseTimestamp } from './timestamp-format.js';

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

  it('counts days as Date.UTC does, for every year from 0 to 9999', () => {
    const random = seededRandom(7).int;
    type Expected = [text: string, millis: number | null];
    const expected: Expected[] = [];
    for (let year = 0; year < 10_000; year += 1) {
      for (const [month, day] of [
        [1, 1],
        [2, 28],
        [2, 29],
        [3, 1],
        [12, 31],
        [1 + random(12), 1 + random(28)],
      ] as const) {
        expect(daysSinceEpoch(year, month, day) * 86_400_000, `${year}-${month}-${day}`).toBe(
          Date.UTC(year, month - 1, day),
        );
        const time = [random(24), random(60), random(61), random(1000)] as const;
        const pad = (value: number, width: number) => String(value).padStart(width, '0');
        const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(time[0], 2)}:${pad(time[1], 2)}:${pad(time[2], 2)}.${pad(time[3], 3)}Z`;
        // A date Date.UTC rolls over (29 February of 1900, which years 0 to 99 stand for) is refused.
        const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
        expected.push([text, real ? Date.UTC(year, month - 1, day, ...time) : null]);
        expect(parseTimestamp(text, null), text).toBe(expected.at(-1)?.[1]);
      }
    }
    // Again in random order, so each text meets a year other than its own just before it.
    for (let index = expected.length - 1; index > 0; index -= 1) {
      const other = random(index + 1);
      [expected[index], expected[other]] = [expected[other] as Expected, expected[index] as Expected];
    }
    for (const [text, millis] of expected) expect(parseTimestamp(text, null), text).toBe(millis);
  });
});
