import { describe, expect, it } from 'vitest';
import type { LineageNode } from '../../../../shared/contract/schemas.js';
import { WORKSPACES } from '../workspaces.js';
import { pageOfLineageNode } from './lineage-node-page.js';

const node = (kind: LineageNode['kind'], label: string, detail = ''): LineageNode => ({
  id: `${kind}:${label.toLowerCase()}`,
  kind,
  label,
  detail,
});

describe('the page a lineage node opens', () => {
  it('opens a table, and a training set’s table, on the Tables page by their names as written', () => {
    expect(pageOfLineageNode(node('table', 'Flights', '20,000 rows'))).toEqual({
      role: 'data-engineer',
      page: 'tables',
      item: 'Flights',
    });
    expect(pageOfLineageNode(node('training set', 'my_training_set'))).toEqual({
      role: 'data-engineer',
      page: 'tables',
      item: 'my_training_set',
    });
  });

  it('opens a feature view on the Feature views page', () => {
    expect(pageOfLineageNode(node('feature view', 'airport_departures'))).toEqual({
      role: 'data-engineer',
      page: 'feature-views',
      item: 'airport_departures',
    });
  });

  it('opens a feature service on the data scientist’s Training sets page', () => {
    expect(pageOfLineageNode(node('feature service', 'delay_prediction'))).toEqual({
      role: 'data-scientist',
      page: 'training-sets',
      item: 'delay_prediction',
    });
  });

  it('opens no page for a file: its imports are shown beside the graph', () => {
    expect(pageOfLineageNode(node('file', 'flights.ndjson', '/data/flights.ndjson'))).toBeNull();
  });

  it('names only pages that exist in their workspace', () => {
    for (const kind of ['table', 'training set', 'feature view', 'feature service'] as const) {
      const link = pageOfLineageNode(node(kind, 'x'));
      expect(WORKSPACES[link?.role ?? 'data-engineer'].pages.map((page) => page.id)).toContain(link?.page);
    }
  });
});
