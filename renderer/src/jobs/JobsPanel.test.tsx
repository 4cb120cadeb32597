import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TriadClient } from '../../../shared/client/triad-client.js';
import type { EventMessage } from '../../../shared/contract/events.js';
import type { JobSummary } from '../../../shared/contract/jobs.js';
import { useBackendEvents } from '../hooks/use-backend-events.js';
import { useUiStore } from '../state/ui-store.js';
import { ClientProvider } from '../transport/client-context.js';
import { JobsButton } from './JobsButton.js';
import { JobsPanel } from './JobsPanel.js';

const initial = useUiStore.getState();
beforeEach(() => useUiStore.setState({ ...initial, jobsPanelOpen: true }, true));

function job(id: string, change: Partial<JobSummary> = {}): JobSummary {
  return {
    id,
    kind: 'import',
    title: `Import ${id}.csv into ${id}`,
    params: { table: id, file: `${id}.csv`, mode: 'create' },
    state: 'succeeded',
    progress: null,
    error: null,
    origin: 'app',
    createdAt: '2026-12-02T10:00:00.000Z',
    startedAt: '2026-12-02T10:00:00.000Z',
    finishedAt: '2026-12-02T10:00:02.500Z',
    ...change,
  };
}

/** A backend holding a list of jobs; it records cancels and pushes what a test hands it. */
function fakeBackend(jobs: JobSummary[]) {
  const cancelled: string[] = [];
  let listener: ((event: EventMessage) => void) | null = null;
  const client: TriadClient = {
    invoke: (async (method: string, input: { id?: string }) => {
      if (method === 'jobs.list') return jobs;
      if (method === 'jobs.cancel') {
        cancelled.push(input.id as string);
        return { cancelled: true };
      }
      if (method === 'jobs.get')
        return {
          ...jobs.find((entry) => entry.id === input.id),
          log: [{ at: '2026-12-02T10:00:02.500Z', level: 'info', message: 'succeeded in 2.5 s' }],
          result: null,
        };
      throw new Error(`unexpected ${method}`);
    }) as TriadClient['invoke'],
    subscribe: (next) => {
      listener = next;
      return () => {
        listener = null;
      };
    },
  };
  return { client, cancelled, push: (event: EventMessage) => act(() => listener?.(event)) };
}

function Events() {
  useBackendEvents();
  return null;
}

function renderPanel(client: TriadClient) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ClientProvider client={client}>
        <Events />
        <JobsButton />
        <JobsPanel />
      </ClientProvider>
    </QueryClientProvider>,
  );
}

describe('the jobs panel', () => {
  it('says what starts a job when there is none', async () => {
    renderPanel(fakeBackend([]).client);
    expect(await screen.findByText('No jobs yet')).toBeTruthy();
  });

  it('lists running and ended jobs with their state, progress, errors and a way to their result', async () => {
    const backend = fakeBackend([
      job('big', {
        state: 'running',
        finishedAt: null,
        origin: 'cli',
        progress: {
          stage: 'importing',
          done: 50,
          total: 200,
          unit: 'rows',
          ratePerSecond: null,
          etaSeconds: null,
          counts: {},
        },
      }),
      job('broken', { state: 'failed', error: 'the file is empty' }),
      job('killed', { state: 'interrupted' }),
      job('flights'),
    ]);
    renderPanel(backend.client);
    const running = await screen.findByTestId('job-big');
    expect(within(running).getByText('Running')).toBeTruthy();
    expect(within(running).getByText(/from a triad command/)).toBeTruthy();
    expect(within(running).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByRole('button', { name: /Jobs/ }).textContent).toContain('1');

    fireEvent.click(within(running).getByRole('button', { name: 'Cancel' }));
    expect(backend.cancelled).toEqual(['big']);
    expect(within(screen.getByTestId('job-broken')).getByText('the file is empty')).toBeTruthy();
    expect(within(screen.getByTestId('job-killed')).getByText(/Its process stopped while it ran/)).toBeTruthy();

    fireEvent.click(within(screen.getByTestId('job-flights')).getByRole('button', { name: 'Open the table' }));
    expect(useUiStore.getState().pageByRole['data-engineer']).toBe('tables');
    expect(useUiStore.getState().jobsPanelOpen).toBe(false);
  });

  it('opens the Drift page from a drift check', async () => {
    renderPanel(
      fakeBackend([
        job('drift', {
          kind: 'drift-check',
          title: 'Check the drift of flight_delays version 2',
          params: { model: 'flight_delays', version: 2 },
        }),
      ]).client,
    );
    fireEvent.click(within(await screen.findByTestId('job-drift')).getByRole('button', { name: 'Open drift' }));
    expect(useUiStore.getState().role).toBe('ml-engineer');
    expect(useUiStore.getState().pageByRole['ml-engineer']).toBe('drift');
  });

  it('follows jobs.changed: a new job appears first, a running one moves on and ends', async () => {
    const backend = fakeBackend([job('old')]);
    renderPanel(backend.client);
    await screen.findByTestId('job-old');
    backend.push({ name: 'jobs.changed', payload: job('new', { state: 'running', finishedAt: null }) });
    const items = () => screen.getAllByRole('listitem').map((item) => item.getAttribute('data-testid'));
    await waitFor(() => expect(items()).toEqual(['job-new', 'job-old']));
    backend.push({ name: 'jobs.changed', payload: job('new') });
    await waitFor(() => expect(within(screen.getByTestId('job-new')).getByText('Succeeded')).toBeTruthy());
  });

  it('shows a job’s log on demand and closes with Escape', async () => {
    renderPanel(fakeBackend([job('flights')]).client);
    fireEvent.click(within(await screen.findByTestId('job-flights')).getByRole('button', { name: 'Log' }));
    expect((await screen.findByRole('list', { name: 'Job log' })).textContent).toContain('succeeded in 2.5 s');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('complementary', { name: 'Jobs' })).toBeNull();
  });
});
