import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TriadClient } from '../../../shared/client/triad-client.js';
import type { MethodName } from '../../../shared/contract/methods.js';
import { useUiStore } from '../state/ui-store.js';
import { ClientProvider } from '../transport/client-context.js';
import { RoleSwitcher } from './RoleSwitcher.js';
import { useShortcuts } from './use-shortcuts.js';

/** Records the calls the workspace switcher makes, answering as the backend would. */
function recordingClient(calls: [MethodName, unknown][]): TriadClient {
  return {
    invoke: async (method, input) => {
      calls.push([method, input]);
      return { ...(input as object), lastProjectPath: null } as never;
    },
    subscribe: () => () => {},
  };
}

function Harness() {
  useShortcuts();
  return <RoleSwitcher />;
}

function renderSwitcher(calls: [MethodName, unknown][]) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <ClientProvider client={recordingClient(calls)}>
        <Harness />
      </ClientProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => useUiStore.setState({ role: 'data-engineer' }));

describe('RoleSwitcher', () => {
  it('offers exactly the three workspaces as accessible tabs', () => {
    renderSwitcher([]);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent?.replace(/(Ctrl|⌘)\+\d$/, ''))).toEqual([
      'Data engineer',
      'Data scientist',
      'ML engineer',
    ]);
    expect(screen.getByRole('tab', { name: 'Data engineer' })).toHaveAttribute('aria-selected', 'true');
  });

  it('switches on click and remembers the choice in the backend', async () => {
    const calls: [MethodName, unknown][] = [];
    renderSwitcher(calls);
    await act(async () => fireEvent.click(screen.getByRole('tab', { name: 'ML engineer' })));
    expect(screen.getByRole('tab', { name: 'ML engineer' })).toHaveAttribute('aria-selected', 'true');
    expect(calls).toEqual([['settings.setRole', { role: 'ml-engineer' }]]);
  });

  it('switches with Ctrl+2 and Cmd+3, and ignores the digit alone', async () => {
    const calls: [MethodName, unknown][] = [];
    renderSwitcher(calls);
    await act(async () => fireEvent.keyDown(window, { key: '2', ctrlKey: true }));
    expect(useUiStore.getState().role).toBe('data-scientist');
    await act(async () => fireEvent.keyDown(window, { key: '3', metaKey: true }));
    expect(useUiStore.getState().role).toBe('ml-engineer');
    await act(async () => fireEvent.keyDown(window, { key: '1' }));
    expect(useUiStore.getState().role).toBe('ml-engineer');
    expect(calls.map(([, input]) => input)).toEqual([{ role: 'data-scientist' }, { role: 'ml-engineer' }]);
  });
});
