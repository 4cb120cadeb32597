import { describe, expect, it } from 'vitest';
import type { ColumnStats } from '../../../shared/contract/schemas.js';
import { describeColumn } from './stats-command.js';

function numericColumn(
  type: string,
  min: number,
  max: number,
  histogram: NonNullable<ColumnStats['numeric']>['histogram'],
): ColumnStats {
  return {
    name: 'value',
    type,
    count: 4,
    nulls: 0,
    distinct: 3,
    numeric: {
      min,
      max,
      mean: (min + max) / 2,
      std: 1.5,
      quantiles: [{ q: 0.5, value: max }],
      histogram,
      sampled: false,
    },
    topValues: [],
  };
}

describe('triad stats output', () => {
  it('prints large integers exactly', () => {
    const text = describeColumn(numericColumn('integer', 1704067200000, 1704067200001, []));
    expect(text).toContain('min 1,704,067,200,000  max 1,704,067,200,001  mean 1,704,067,200,000.5  std 1.5');
  });

  it('draws a run of empty bins as one line', () => {
    const bins = [
      { start: 0, end: 1, count: 4 },
      { start: 1, end: 2, count: 0 },
      { start: 2, end: 3, count: 0 },
      { start: 3, end: 4, count: 2 },
    ];
    const lines = describeColumn(numericColumn('real', 0, 4, bins))
      .split('\n')
      .slice(3);
    expect(lines.map((line) => line.trim().split(/\s+/)[0])).toEqual(['0', '…', '3']);
  });
});
