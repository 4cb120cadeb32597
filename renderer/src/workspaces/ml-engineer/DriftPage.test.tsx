import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TriadClient } from '../../../../shared/client/triad-client.js';
import type { DriftReport, FeatureDriftResult, ServingStatus } from '../../../../shared/contract/serving.js';
import { ClientProvider } from '../../transport/client-context.js';
import { DriftPage } from './DriftPage.js';
import { CHURN_PROD } from './fixtures.js';

const STATUS: ServingStatus = {
  url: 'http://127.0.0.1:8618',
  tokenRequired: false,
  deployments: [CHURN_PROD],
  logging: { sampleRatePerSecond: 200, retentionDays: 30, maxRows: 1_000_000 },
  driftWatch: { enabled: true, everyMinutes: 60, windowMinutes: 1440 },
};

function feature(name: string, score: number, drifted: boolean): FeatureDriftResult {
  return {
    feature: name,
    kind: 'numeric',
    method: 'ks',
    score,
    threshold: 0.05,
    drifted,
    psi: 0.1,
    referenceRows: 500,
    liveRows: 80,
    histogram: { labels: ['0–10', '10–20'], reference: [0.5, 0.5], live: [0.2, 0.8] },
  };
}

const REPORT: DriftReport = {
  id: 7,
  model: 'churn',
  version: 3,
  computedAt: '2026-01-02T12:00:00.000Z',
  windowFrom: '2026-01-01T12:00:00.000Z',
  windowTo: '2026-01-02T12:00:00.000Z',
  referenceSource: 'training set ts-1',
  referenceRows: 500,
  liveRows: 80,
  driftedFeatures: 2,
  driftShare: 2 / 3,
  datasetDrift: true,
  features: [feature('plan', 0.6, false), feature('tenure', 0.01, true), feature('seats', 0.0001, true)],
};

function renderPage(status: ServingStatus, reports: DriftReport[]) {
  const invoke = vi.fn(async (method: string, _input?: unknown) => {
    const answers: Record<string, unknown> = {
      'serving.status': status,
      'serving.driftReports': reports,
      'serving.checkDrift': REPORT,
      'serving.setDriftWatch': _input,
      'pipelines.list': [],
    };
    return answers[method] as never;
  });
  const client: TriadClient = { invoke: invoke as TriadClient['invoke'], subscribe: () => () => {} };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ClientProvider client={client}>
        <DriftPage />
      </ClientProvider>
    </QueryClientProvider>,
  );
  return invoke;
}

describe('the drift page', () => {
  it('says to deploy a model first when none is', async () => {
    renderPage({ ...STATUS, deployments: [] }, []);
    expect(await screen.findByText('No model is deployed')).toBeInTheDocument();
  });

  it('checks the chosen deployment over the chosen window', async () => {
    const invoke = renderPage(STATUS, []);
    fireEvent.change(await screen.findByLabelText('Live window'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check drift now' }));
    expect(await screen.findByText('Dataset drift detected')).toBeInTheDocument();
    expect(invoke).toHaveBeenCalledWith('serving.checkDrift', { model: 'churn@prod', windowMinutes: 60 });
  });

  it('shows the newest report: the verdict, and the features furthest past their threshold first', async () => {
    renderPage(STATUS, [REPORT]);
    expect((await screen.findByText('Dataset drift detected')).parentElement?.textContent).toContain(
      'in 2 of 3 features (66.67%; the dataset drifts from 50%)',
    );
    const rows = within(screen.getByRole('table', { name: 'Drift per feature' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((row) => row.querySelector('td')?.textContent)).toEqual(['seats', 'tenure', 'plan']);
    expect(screen.getByRole('figure', { name: 'Distribution of seats' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'plan' }));
    expect(screen.getByRole('figure', { name: 'Distribution of plan' })).toBeInTheDocument();
  });

  it('saves the schedule of the checks nobody asks for', async () => {
    const invoke = renderPage(STATUS, []);
    const schedule = await screen.findByRole('form', { name: 'Scheduled drift checks' });
    const save = within(schedule).getByRole('button', { name: 'Save schedule' });
    expect(save).toBeDisabled();
    fireEvent.change(within(schedule).getByLabelText('Check every'), { target: { value: '15' } });
    fireEvent.change(within(schedule).getByLabelText('Scheduled live window'), { target: { value: '60' } });
    fireEvent.click(save);
    await vi.waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('serving.setDriftWatch', {
        enabled: true,
        everyMinutes: 15,
        windowMinutes: 60,
      }),
    );
    fireEvent.click(within(schedule).getByRole('checkbox'));
    expect(within(schedule).getByLabelText('Check every')).toBeDisabled();
  });

  it('warns that a verdict on few live rows is not to be trusted', async () => {
    renderPage(STATUS, [REPORT]);
    expect(await screen.findByText(/^Only 80 live rows: too few to trust the verdict/)).toBeInTheDocument();
  });

  it('does not warn about a report on enough live rows', async () => {
    renderPage(STATUS, [{ ...REPORT, liveRows: 5000 }]);
    await screen.findByText('Dataset drift detected');
    expect(screen.queryByText(/too few to trust the verdict/)).toBeNull();
  });
});
