import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TriadClient } from '../../../../shared/client/triad-client.js';
import type { ServingStatus } from '../../../../shared/contract/serving.js';
import { useUiStore } from '../../state/ui-store.js';
import { ClientProvider } from '../../transport/client-context.js';
import { DeploymentsPage } from './DeploymentsPage.js';
import { CHURN_PROD, CHURN_V3 } from './fixtures.js';

const ANSWER = {
  status: 200,
  latencyMs: 3.2,
  body: {
    model_name: 'churn',
    model_version: '3',
    outputs: [
      { name: 'label', datatype: 'BYTES', shape: [1], data: ['churns'] },
      { name: 'probabilities', datatype: 'FP64', shape: [1, 2], data: [0.2, 0.8] },
    ],
  },
};

function renderPage(status: ServingStatus) {
  const invoke = vi.fn(async (method: string) => {
    const answers: Record<string, unknown> = {
      'serving.status': status,
      'models.list': [],
      'models.get': CHURN_V3,
      'serving.tryInfer': ANSWER,
    };
    return answers[method] as never;
  });
  const client: TriadClient = { invoke: invoke as TriadClient['invoke'], subscribe: () => () => {} };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ClientProvider client={client}>
        <DeploymentsPage />
      </ClientProvider>
    </QueryClientProvider>,
  );
  return invoke;
}

const STATUS: ServingStatus = {
  url: 'http://127.0.0.1:8618',
  tokenRequired: false,
  deployments: [CHURN_PROD],
  logging: { sampleRatePerSecond: 200, retentionDays: 30, maxRows: 1_000_000 },
  driftWatch: { enabled: true, everyMinutes: 60, windowMinutes: 1440 },
};

const initial = useUiStore.getState();
beforeEach(() => useUiStore.setState(initial, true));

describe('the deployments page', () => {
  it('says what to do when nothing is deployed and no model is registered', async () => {
    renderPage({ ...STATUS, deployments: [] });
    expect(await screen.findByText('Nothing deployed yet')).toBeInTheDocument();
    expect(await screen.findByText('No model to deploy')).toBeInTheDocument();
  });

  it('refuses a number field that holds no number, and sends nothing', async () => {
    const invoke = renderPage(STATUS);
    const form = await screen.findByRole('form', { name: 'Try it' });
    fireEvent.change(within(form).getByLabelText(/tenure/), { target: { value: 'ten' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Predict' }));
    expect(await within(form).findByText('ten is not a number')).toBeInTheDocument();
    expect(invoke).not.toHaveBeenCalledWith('serving.tryInfer', expect.anything());
  });

  it("sends one typed row through the backend and shows the classifier's answer", async () => {
    const invoke = renderPage(STATUS);
    const form = await screen.findByRole('form', { name: 'Try it' });
    fireEvent.change(within(form).getByLabelText(/tenure/), { target: { value: '12' } });
    fireEvent.change(within(form).getByLabelText(/plan/), { target: { value: 'basic' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Predict' }));
    expect(await within(form).findByText('churns', { selector: 'strong' })).toBeInTheDocument();
    expect(invoke).toHaveBeenCalledWith('serving.tryInfer', {
      reference: 'churn@prod',
      body: {
        inputs: [
          { name: 'tenure', shape: [1, 1], datatype: 'FP64', data: [12] },
          { name: 'plan', shape: [1, 1], datatype: 'BYTES', data: ['basic'] },
        ],
      },
    });
    expect(within(form).getByRole('progressbar', { name: 'Probability of churns' })).toHaveAttribute(
      'aria-valuenow',
      '80',
    );
    expect(within(form).getByText('HTTP 200')).toBeInTheDocument();
  });

  it('gives a curl command of the deployment built from its signature', async () => {
    renderPage(STATUS);
    const command = await screen.findByText(/curl -X POST/);
    expect(command.textContent).toContain(`'${CHURN_PROD.url}/infer'`);
    expect(command.textContent).toContain('"name":"plan","shape":[1,1],"datatype":"BYTES","data":["text"]');
  });
});
