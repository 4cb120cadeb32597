import { describe, expect, it } from 'vitest';
import { groupPlanEntries } from './plan-groups.js';

describe('groupPlanEntries', () => {
  it('groups entries in the bundle format’s order with their sizes added up, leaving out empty groups', () => {
    const groups = groupPlanEntries([
      { path: 'README.md', bytes: 10 },
      { path: 'pipeline/flight_delays.yaml', bytes: 100 },
      { path: 'features/definitions.yaml', bytes: 50 },
      { path: 'runs/a.json', bytes: 7 },
      { path: 'runs/b.json', bytes: 3 },
      { path: 'models/flight_delays/1/model.onnx', bytes: 2000 },
      { path: 'models/flight_delays/model.json', bytes: 20 },
      { path: 'data/training-sets/rows.parquet', bytes: 300 },
      { path: 'data/tables/flights.parquet', bytes: 900 },
    ]);
    expect(groups.map((group) => [group.label, group.entries.length, group.bytes])).toEqual([
      ['Pipeline', 1, 100],
      ['Features', 1, 50],
      ['Runs', 2, 10],
      ['Models', 2, 2020],
      ['Tables', 1, 900],
      ['Training sets', 1, 300],
      ['About the bundle', 1, 10],
    ]);
  });

  it('gives no group for no entries', () => {
    expect(groupPlanEntries([])).toEqual([]);
  });
});
