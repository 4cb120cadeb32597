import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TriadClient } from '../../../shared/client/triad-client.js';
import type { OwnSigningKey, TrustedKeys } from '../../../shared/contract/signing-keys.js';
import { ClientProvider } from '../transport/client-context.js';
import { SigningPanel } from './SigningPanel.js';

const LINE = 'triad-ed25519 KEY Bob';

/** A backend holding one user's key and one project's trust list, as the keys methods change them. */
function fakeBackend() {
  let key: OwnSigningKey | null = null;
  const trusted: TrustedKeys = { keys: [], requireSignature: false };
  const client: TriadClient = {
    invoke: (async (method: string, input: Record<string, unknown>) => {
      if (method === 'keys.get') return { key };
      if (method === 'keys.trusted') return structuredClone(trusted);
      if (method === 'keys.create') {
        key = {
          name: input.name as string,
          keyId: '0123456789abcdef',
          publicKeyLine: `triad-ed25519 KEY ${input.name}`,
        };
        return key;
      }
      if (method === 'keys.trust') {
        trusted.keys = [{ keyId: 'fedcba9876543210', name: 'Bob', publicKey: 'KEY', addedAt: '2026-12-02T10:00:00Z' }];
        return trusted.keys[0];
      }
      if (method === 'keys.setRequireSignature') {
        trusted.requireSignature = input.on as boolean;
        return structuredClone(trusted);
      }
      throw new Error(`unexpected ${method}`);
    }) as TriadClient['invoke'],
    subscribe: () => () => {},
  };
  return { client, trusted };
}

describe('the signing panel', () => {
  it('makes your key, trusts a pasted line, then lets imported bundles require a trusted signature', async () => {
    const backend = fakeBackend();
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ClientProvider client={backend.client}>
          <SigningPanel />
        </ClientProvider>
      </QueryClientProvider>,
    );
    fireEvent.change(await screen.findByLabelText('Your name, as teammates will see it'), {
      target: { value: 'Alice' },
    });
    fireEvent.click(screen.getByRole('button', { name: /Create key/ }));
    expect(await screen.findByText('triad-ed25519 KEY Alice')).toBeTruthy();

    const requirement = screen.getByRole('checkbox', { name: /Require a trusted signature/ }) as HTMLInputElement;
    expect(requirement.disabled).toBe(true);
    expect(screen.getByText("Trust a teammate's key first.")).toBeTruthy();

    fireEvent.change(screen.getByLabelText("A teammate's public key line"), { target: { value: LINE } });
    fireEvent.click(screen.getByRole('button', { name: /Trust/ }));
    expect(await screen.findByRole('button', { name: 'Stop trusting Bob' })).toBeTruthy();
    await waitFor(() => expect(requirement.disabled).toBe(false));
    fireEvent.click(requirement);
    await waitFor(() => expect(requirement.checked).toBe(true));
    expect(backend.trusted.requireSignature).toBe(true);
  });
});
