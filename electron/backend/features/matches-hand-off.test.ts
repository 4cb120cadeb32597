import { describe, expect, it } from 'vitest';
import {
  awaitMatches,
  firstMatched,
  matchedCount,
  newMatchesControl,
  nullPart,
  publishMatches,
  ReadersStopped,
  stopReaders,
} from './matches-hand-off.js';

describe('matches handed to the second pass', () => {
  it('has each reader null its own part of the columns, every row once', () => {
    const columns = [new Float64Array(7).fill(1), new Float64Array(7).fill(2)];
    const control = newMatchesControl(3);
    nullPart(control, 1, columns);
    expect(Array.from(columns[0] as Float64Array)).toEqual([1, 1, 1, Number.NaN, Number.NaN, Number.NaN, 1]);
    nullPart(control, 0, columns);
    nullPart(control, 2, columns);
    for (const column of columns) expect(column.every(Number.isNaN)).toBe(true);
  });

  it('lets a reader on once the matches are published and every part is null', () => {
    const control = newMatchesControl(2);
    const columns = [new Float64Array(4)];
    nullPart(control, 0, columns);
    nullPart(control, 1, columns);
    publishMatches(control, 9, [0, 5]);
    expect(() => awaitMatches(control)).not.toThrow();
    expect(matchedCount(control)).toBe(9);
    expect(firstMatched(control, 1)).toBe(5);
  });

  it('stops a reader when told to, published or not, so none waits for a part that never comes', () => {
    const waiting = newMatchesControl(2);
    stopReaders(waiting);
    expect(() => awaitMatches(waiting)).toThrow(ReadersStopped);
    // Published, but the other reader failed before nulling its part.
    const published = newMatchesControl(2);
    nullPart(published, 0, [new Float64Array(4)]);
    publishMatches(published, 1, [0, 0]);
    stopReaders(published);
    expect(() => awaitMatches(published)).toThrow(ReadersStopped);
  });
});
