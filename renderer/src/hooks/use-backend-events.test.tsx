import { QueryClient, QueryClientProvider, QueryObserver } from '@tanstack/react-query';
import { act, render, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TriadClient } from '../../../shared/client/triad-client.js';
import type { EventMessage } from '../../../shared/contract/events.js';
import type { ProjectInfo } from '../../../shared/contract/schemas.js';
import type { ServingStatus } from '../../../shared/contract/serving.js';
import { useUiStore } from '../state/ui-store.js';
import { ClientProvider } from '../transport/client-context.js';
import { CHURN_PROD } from '../workspaces/ml-engineer/fixtures.js';
import { useBackendEvents } from './use-backend-events.js';

const initial = useUiStore.getState();

/** A backend that only pushes the events a test hands it. */
function pushingClient(): { client: TriadClient; push(event: EventMessage): void } {
  let listener: ((event: EventMessage) => void) | null = null;
  return {
    client: {
      invoke: async () => ({}) as never,
      subscribe: (next) => {
        listener = next;
        return () => {
          listener = null;
        };
      },
    },
    push: (event) => act(() => listener?.(event)),
  };
}

function project(path: string): ProjectInfo {
  return { id: path, name: path, path, createdAt: '2026-01-01T00:00:00Z', schemaVersion: 9, isDefault: false };
}

function Harness() {
  useBackendEvents();
  return null;
}

function renderWith(queryClient: QueryClient, client: TriadClient) {
  render(
    <QueryClientProvider client={queryClient}>
      <ClientProvider client={client}>
        <Harness />
      </ClientProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => useUiStore.setState(initial, true));

describe('useBackendEvents', () => {
  it('forgets the chosen tables when another project opens, since they belonged to the old one', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(['project.current', {}], project('/projects/flights'));
    const backend = pushingClient();
    renderWith(queryClient, backend.client);
    useUiStore.getState().openPage('data-engineer', 'tables', 'flights');

    backend.push({ name: 'project.changed', payload: project('/projects/churn') } as EventMessage);

    expect(useUiStore.getState().itemByPage).toEqual({});
    expect(useUiStore.getState().pageByRole['data-engineer']).toBe('tables');
    expect(queryClient.getQueryData(['project.current', {}])).toEqual(project('/projects/churn'));
  });

  it('keeps the chosen tables when the same project is announced again', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(['project.current', {}], project('/projects/flights'));
    const backend = pushingClient();
    renderWith(queryClient, backend.client);
    useUiStore.getState().openPage('data-engineer', 'tables', 'flights');

    backend.push({ name: 'project.changed', payload: project('/projects/flights') } as EventMessage);

    expect(useUiStore.getState().itemByPage).toEqual({ 'data-engineer/tables': 'flights' });
  });
});

describe('serving.changed', () => {
  it('shows the deployments as pushed at once, keeping the server URL', () => {
    const queryClient = new QueryClient();
    const status: ServingStatus = {
      url: 'http://127.0.0.1:8618',
      tokenRequired: false,
      deployments: [],
      logging: { sampleRatePerSecond: 200, retentionDays: 30, maxRows: 1_000_000 },
      driftWatch: { enabled: true, everyMinutes: 60, windowMinutes: 1440 },
    };
    queryClient.setQueryData(['serving.status', {}], status);
    const backend = pushingClient();
    renderWith(queryClient, backend.client);

    backend.push({ name: 'serving.changed', payload: [CHURN_PROD] });

    expect(queryClient.getQueryData(['serving.status', {}])).toEqual({ ...status, deployments: [CHURN_PROD] });
  });

  it('is not undone by a fetch that started before the change and answers after it', async () => {
    const queryClient = new QueryClient();
    const status: ServingStatus = {
      url: 'http://127.0.0.1:8618',
      tokenRequired: false,
      deployments: [{ ...CHURN_PROD, state: 'loading' }],
      logging: { sampleRatePerSecond: 200, retentionDays: 30, maxRows: 1_000_000 },
      driftWatch: { enabled: true, everyMinutes: 60, windowMinutes: 1440 },
    };
    const ready = { ...status, deployments: [CHURN_PROD] };
    let answerStale: (value: ServingStatus) => void = () => {};
    const answers = [
      Promise.resolve(status),
      new Promise<ServingStatus>((resolve) => {
        answerStale = resolve;
      }),
      Promise.resolve(ready),
    ];
    const observer = new QueryObserver(queryClient, {
      queryKey: ['serving.status', {}],
      queryFn: () => answers.shift() ?? Promise.resolve(ready),
    });
    const backend = pushingClient();
    renderWith(queryClient, backend.client);
    const stop = observer.subscribe(() => {});
    await waitFor(() => expect(queryClient.getQueryData(['serving.status', {}])).toEqual(status));
    // A deploy asks again; before it answers, the model is ready and the backend says so.
    void queryClient.invalidateQueries({ queryKey: ['serving.status'] });
    backend.push({ name: 'serving.changed', payload: [CHURN_PROD] });
    answerStale(status);

    await waitFor(() => expect(queryClient.getQueryData(['serving.status', {}])).toEqual(ready));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(queryClient.getQueryData(['serving.status', {}])).toEqual(ready);
    stop();
  });
});
