import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TriadClient } from '../../../shared/client/triad-client.js';
import { useUiStore } from '../state/ui-store.js';
import { ClientProvider } from '../transport/client-context.js';
import { ShareDialog } from './ShareDialog.js';

/** A project whose only pipeline file has problems: nothing can be shared. */
const client: TriadClient = {
  invoke: (async (method: string) => {
    if (method === 'pipelines.list') return [{ file: 'broken.yaml', valid: false, problems: [] }];
    throw new Error(`unexpected ${method}`);
  }) as TriadClient['invoke'],
  subscribe: () => () => {},
};

describe('the Share pipeline dialog', () => {
  it('with no pipeline to share, says to create one first and leads to the Pipelines page', async () => {
    useUiStore.getState().setSharing({ pipeline: null });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ClientProvider client={client}>
          <ShareDialog />
        </ClientProvider>
      </QueryClientProvider>,
    );
    expect(await screen.findByText('No pipeline to share')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Go to Pipelines' }));
    const ui = useUiStore.getState();
    expect(ui.sharing).toBeNull();
    expect([ui.role, ui.pageByRole['data-scientist']]).toEqual(['data-scientist', 'pipelines']);
  });
});
