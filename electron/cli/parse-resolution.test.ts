import { describe, expect, it } from 'vitest';
import { parseResolution } from './parse-resolution.js';

describe('--resolve', () => {
  it('reads a rename with or without its new name, an overwrite and a skip, keyed by kind and name', () => {
    expect(parseResolution('pipeline:flight_delays=rename:fd_ana')).toEqual([
      'pipeline:flight_delays',
      { action: 'rename', name: 'fd_ana' },
    ]);
    expect(parseResolution('model:churn=rename')).toEqual(['model:churn', { action: 'rename', name: '' }]);
    expect(parseResolution('feature view:airport_delays=overwrite')).toEqual([
      'feature view:airport_delays',
      { action: 'overwrite' },
    ]);
    expect(parseResolution('table:flights=skip')).toEqual(['table:flights', { action: 'skip' }]);
  });

  it('refuses text that is not a resolution, naming the forms it takes', () => {
    expect(() => parseResolution('flights=skip')).toThrow('"flights=skip" is not a resolution: write KIND:NAME=rename');
    expect(() => parseResolution('table:flights=drop')).toThrow('is not a resolution');
    expect(() => parseResolution('table:flights=skip:other')).toThrow('only rename takes a new name');
  });
});
