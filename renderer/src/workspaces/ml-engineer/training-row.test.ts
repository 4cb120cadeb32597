import { describe, expect, it } from 'vitest';
import { rowAsFields } from './training-row.js';

const columns = [
  { name: 'origin', type: 'VARCHAR' },
  { name: 'avg_delay', type: 'DOUBLE' },
  { name: 'delayed', type: 'BIGINT' },
];

describe('the training row a try-it form starts from', () => {
  it('is the first row with a value in every input, as texts of the inputs only', () => {
    const result = {
      columns,
      rows: [
        ['ATL', null, 1],
        ['BOS', 12.5, 0],
      ],
      total: null,
    };
    expect(rowAsFields(result, ['origin', 'avg_delay'])).toEqual({
      index: 1,
      fields: { origin: 'BOS', avg_delay: '12.5' },
    });
  });

  it('is the first row when none is complete, and nothing when no column is an input', () => {
    const result = { columns, rows: [['ATL', null, 1]], total: null };
    expect(rowAsFields(result, ['origin', 'avg_delay'])).toEqual({
      index: 0,
      fields: { origin: 'ATL', avg_delay: '' },
    });
    expect(rowAsFields(result, ['distance'])).toBeNull();
    expect(rowAsFields({ columns, rows: [], total: null }, ['origin'])).toBeNull();
  });
});
