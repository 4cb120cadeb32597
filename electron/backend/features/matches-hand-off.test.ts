import { describe, expect, it } from 'vitest';
import {
  awaitMatches,
  firstMatched,
  matchedCount,
  newMatchesControl,
  nullColumnsIfLast,
  publishMatches,
  ReadersStopped,
  stopReaders,
} from './matches-hand-off.js';

describe('matches handed to the second pass', () => {
  it("has the last slice's reader alone set the columns to null", () => {
    const columns = [new Float64Array(7).fill(1), new Float64Array(7).fill(2)];
    const control = newMatchesControl(3);
    nullColumnsIfLast(control, 0, columns);
    nullColumnsIfLast(control, 1, columns);
    expect(Array.from(columns[0] as Float64Array)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    publishMatches(control, 0, [0, 0, 0]);
    nullColumnsIfLast(control, 2, columns);
    for (const column of columns) expect(column.every(Number.isNaN)).toBe(true);
    expect(() => awaitMatches(control)).not.toThrow();
  });

  it('lets a reader on once the matches are published and the columns are null', () => {
    const control = newMatchesControl(2);
    nullColumnsIfLast(control, 1, [new Float64Array(4)]);
    publishMatches(control, 9, [0, 5]);
    expect(() => awaitMatches(control)).not.toThrow();
    expect(matchedCount(control)).toBe(9);
    expect(firstMatched(control, 1)).toBe(5);
  });

  it('stops a reader when told to, published or not, so none waits for nulls that never come', () => {
    const waiting = newMatchesControl(2);
    stopReaders(waiting);
    expect(() => awaitMatches(waiting)).toThrow(ReadersStopped);
    // Published, but the last slice's reader failed before setting the columns to null.
    const published = newMatchesControl(2);
    publishMatches(published, 1, [0, 0]);
    stopReaders(published);
    expect(() => awaitMatches(published)).toThrow(ReadersStopped);
  });
});
