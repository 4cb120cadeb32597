import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TriadClient } from '../../../../shared/client/triad-client.js';
import type { ImportRecord, LineageGraph } from '../../../../shared/contract/schemas.js';
import { useUiStore } from '../../state/ui-store.js';
import { ClientProvider } from '../../transport/client-context.js';
import { LineagePage } from './LineagePage.js';

const FLIGHTS_IMPORT: ImportRecord = {
  id: 'import-1',
  table: 'flights',
  file: '/data/flights.csv',
  fileBytes: 2048,
  format: 'csv',
  mode: 'replace',
  status: 'succeeded',
  rowsImported: 20_000,
  rowsQuarantined: 0,
  startedAt: '2026-11-30T10:00:00.000Z',
  finishedAt: '2026-11-30T10:00:01.000Z',
  error: null,
};

/** Answers the two questions the lineage page asks, as the backend would for this graph. */
function clientFor(graph: LineageGraph): TriadClient {
  return {
    invoke: async (method) => (method === 'lineage.graph' ? graph : [FLIGHTS_IMPORT]) as never,
    subscribe: () => () => {},
  };
}

function renderPage(graph: LineageGraph) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <ClientProvider client={clientFor(graph)}>
        <LineagePage />
      </ClientProvider>
    </QueryClientProvider>,
  );
}

const GRAPH: LineageGraph = {
  nodes: [
    { id: 'file:flights.csv', kind: 'file', label: 'flights.csv', detail: '/data/flights.csv' },
    { id: 'table:flights', kind: 'table', label: 'flights', detail: '20,000 rows' },
  ],
  edges: [{ from: 'file:flights.csv', to: 'table:flights' }],
};

const initial = useUiStore.getState();
beforeEach(() => useUiStore.setState(initial, true));

describe('the lineage page', () => {
  it('says there is nothing to trace before anything is imported', async () => {
    renderPage({ nodes: [], edges: [] });
    expect(await screen.findByText('Nothing to trace yet')).toBeInTheDocument();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('opens a table’s node on the Tables page with the table chosen', async () => {
    renderPage(GRAPH);
    fireEvent.click(await screen.findByRole('button', { name: 'Table flights', hidden: true }));
    const state = useUiStore.getState();
    expect(state.role).toBe('data-engineer');
    expect(state.pageByRole['data-engineer']).toBe('tables');
    expect(state.itemByPage['data-engineer/tables']).toBe('flights');
  });

  it('shows a file’s path and its imports beside the graph instead of leaving the page', async () => {
    renderPage(GRAPH);
    fireEvent.click(await screen.findByRole('button', { name: 'File flights.csv', hidden: true }));
    const panel = await screen.findByRole('complementary', { name: 'Imports of flights.csv' });
    expect(panel).toHaveTextContent('/data/flights.csv');
    expect(await within(panel).findByText(/^20,000 rows · [\d.]+ KB csv, replace$/)).toBeInTheDocument();
    expect(panel).toHaveTextContent('flightssucceeded');
    expect(useUiStore.getState().pageByRole['data-engineer']).toBe('home');
  });
});
