import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TriadClient } from '../../../../shared/client/triad-client.js';
import type { LoggedPrediction, ServingMetrics } from '../../../../shared/contract/serving.js';
import { ClientProvider } from '../../transport/client-context.js';
import { MonitoringPage } from './MonitoringPage.js';

const NOTHING: ServingMetrics = {
  bucketSeconds: 30,
  buckets: [],
  totals: { requests: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null },
  distribution: { kind: 'none', reason: 'no predictions in the range' },
};

const PREDICTION: LoggedPrediction = {
  id: 1,
  time: '2026-01-02T12:00:00.000Z',
  model: 'churn',
  version: 3,
  status: 400,
  latencyMicros: 1500,
  rows: 1,
  inputs: { tenure: [12] },
  outputs: null,
  entities: null,
  error: 'input plan is missing',
  endpoint: 'infer',
};

function renderPage(metrics: ServingMetrics, predictions: LoggedPrediction[]) {
  const invoke = vi.fn(async (method: string, _input?: unknown) => {
    const answers: Record<string, unknown> = {
      'models.list': [],
      'serving.metrics': metrics,
      'serving.predictions': predictions,
      'serving.status': {
        url: null,
        tokenRequired: false,
        deployments: [],
        logging: { sampleRatePerSecond: 200, retentionDays: 30, maxRows: 1_000_000 },
        driftWatch: { enabled: true, everyMinutes: 60, windowMinutes: 1440 },
      },
      'serving.setLogging': _input,
    };
    return answers[method] as never;
  });
  const client: TriadClient = { invoke: invoke as TriadClient['invoke'], subscribe: () => () => {} };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ClientProvider client={client}>
        <MonitoringPage />
      </ClientProvider>
    </QueryClientProvider>,
  );
  return invoke;
}

describe('the monitoring page', () => {
  it('says to deploy a model and send a request when nothing was served', async () => {
    renderPage(NOTHING, []);
    expect(await screen.findByText('No request yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open Deployments' })).toBeInTheDocument();
  });

  it('asks for the last hour of every model, and shows the totals and the recent predictions', async () => {
    const invoke = renderPage({ ...NOTHING, totals: { requests: 4, errors: 1, p50Ms: 1.5, p95Ms: 3, p99Ms: 4 } }, [
      PREDICTION,
    ]);
    const errors = await screen.findByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain('25% of requests');
    const row = within(screen.getByRole('table', { name: 'Recent predictions' })).getAllByRole('row')[1];
    expect(row?.textContent).toContain('churn:3');
    expect(row?.textContent).toContain('tenure=12');
    const [, input] = invoke.mock.calls.find(([method]) => method === 'serving.metrics') as [
      string,
      { from: string; to: string },
    ];
    expect(Date.parse(input.to) - Date.parse(input.from)).toBe(60 * 60_000);
    expect(input).not.toHaveProperty('model');
  });

  it("saves the prediction log's sample rate, retention and size limit", async () => {
    const invoke = renderPage(NOTHING, []);
    const form = await screen.findByRole('form', { name: 'Prediction log settings' });
    const save = within(form).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    fireEvent.change(within(form).getByLabelText('Log up to (per second and model)'), { target: { value: '50' } });
    fireEvent.change(within(form).getByLabelText('Keep for (days)'), { target: { value: '7' } });
    fireEvent.click(save);
    await vi.waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('serving.setLogging', {
        sampleRatePerSecond: 50,
        retentionDays: 7,
        maxRows: 1_000_000,
      }),
    );
  });
});
