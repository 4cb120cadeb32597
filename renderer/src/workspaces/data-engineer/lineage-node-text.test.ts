import { describe, expect, it } from 'vitest';
import { subtitleOf } from './lineage-node-text.js';

describe('a lineage node’s subtitle', () => {
  it('names the kind and the detail', () => {
    expect(subtitleOf({ id: 'table:flights', kind: 'table', label: 'flights', detail: '20,000 rows' })).toBe(
      'Table · 20,000 rows',
    );
  });

  it('names the kind alone when there is no detail', () => {
    expect(subtitleOf({ id: 'feature view:v', kind: 'feature view', label: 'v', detail: '' })).toBe('Feature view');
  });

  it('leaves a file’s path out: it is too long for a node', () => {
    expect(subtitleOf({ id: 'file:a.csv', kind: 'file', label: 'a.csv', detail: '/home/me/data/a.csv' })).toBe('File');
  });
});
