import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ColumnStats } from '../../../shared/contract/schemas.js';
import { ColumnStatsPanel } from './ColumnStatsPanel.js';

const START = 1704067200000;

const epochColumn: ColumnStats = {
  name: 'created',
  type: 'integer',
  count: 3,
  nulls: 0,
  distinct: 2,
  numeric: {
    min: START,
    max: START + 1,
    mean: START + 0.5,
    std: 0.5,
    quantiles: [{ q: 0.5, value: START }],
    histogram: [
      { start: START, end: START, count: 2 },
      { start: START + 1, end: START + 1, count: 1 },
    ],
    sampled: false,
  },
  topValues: [],
};

describe('column statistics panel', () => {
  it('shows large integers exactly', () => {
    render(<ColumnStatsPanel stats={epochColumn} />);
    expect(screen.getByText('1,704,067,200,000 / 1,704,067,200,001')).toBeTruthy();
    expect(screen.getByText('1,704,067,200,000.5 ± 0.5')).toBeTruthy();
  });
});
