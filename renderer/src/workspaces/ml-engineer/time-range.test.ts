import { describe, expect, it } from 'vitest';
import { rangeBounds, timeTick } from './time-range.js';

describe('a time range', () => {
  it('ends now and starts its minutes before', () => {
    expect(rangeBounds(15, Date.UTC(2026, 0, 2, 12, 0))).toEqual({
      from: '2026-01-02T11:45:00.000Z',
      to: '2026-01-02T12:00:00.000Z',
    });
  });

  it('ticks with the clock time, and the date too beyond a day', () => {
    const ms = new Date(2026, 0, 2, 9, 5).getTime();
    expect(timeTick(ms, 60)).toBe('09:05');
    expect(timeTick(ms, 10_080)).toBe('02 Jan 09:05');
  });
});
