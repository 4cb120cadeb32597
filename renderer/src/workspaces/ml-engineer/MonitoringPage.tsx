import { Activity, AlertTriangle, Gauge, Timer } from 'lucide-react';
import { useState } from 'react';
import type { ServingMetrics } from '../../../../shared/contract/serving.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { FactCard } from '../../components/FactCard.js';
import { GoToPageButton } from '../../components/GoToPageButton.js';
import { Panel } from '../../components/Panel.js';
import { useModels } from '../../hooks/model-queries.js';
import { formatMetric } from '../../models/metric-format.js';
import { formatMilliseconds } from './monitoring-series.js';
import { PredictionLogForm } from './PredictionLogForm.js';
import { PredictionsTable } from './PredictionsTable.js';
import { ServingCharts } from './ServingCharts.js';
import { usePredictions, useServingMetrics, useServingStatus } from './serving-queries.js';
import { TimeRangeSelect } from './TimeRangeSelect.js';
import { TIME_RANGES } from './time-range.js';

const milliseconds = (value: number | null) => (value === null ? 'n/a' : `${formatMilliseconds(value)} ms`);

function Totals({ totals }: { totals: ServingMetrics['totals'] }) {
  const errorShare = totals.requests > 0 ? `${formatMetric((totals.errors / totals.requests) * 100)}% of requests` : '';
  return (
    <div className="fact-grid">
      <FactCard icon={Activity} label="Requests" value={totals.requests} />
      <FactCard icon={AlertTriangle} label="Errors" value={totals.errors} hint={errorShare} />
      <FactCard icon={Timer} label="Latency p50" value={milliseconds(totals.p50Ms)} />
      <FactCard
        icon={Gauge}
        label="Latency p95 / p99"
        value={
          totals.p95Ms === null || totals.p99Ms === null
            ? 'n/a'
            : `${formatMilliseconds(totals.p95Ms)} / ${formatMilliseconds(totals.p99Ms)} ms`
        }
      />
    </div>
  );
}

/** Traffic, latency, errors and predictions of the served models over time, refreshed while open. */
export function MonitoringPage() {
  const models = useModels().data ?? [];
  const [model, setModel] = useState('');
  const [minutes, setMinutes] = useState(60);
  const [live, setLive] = useState(true);
  const metrics = useServingMetrics(model || undefined, minutes, live);
  const predictions = usePredictions(model || undefined, live);
  const logging = useServingStatus().data?.logging;
  const nothingServed = metrics.data?.totals.requests === 0 && predictions.data?.length === 0;

  return (
    <div className="page page--wide">
      <header className="page-header">
        <h1>Monitoring</h1>
        <p className="page-header__lead">
          What the model server did: requests per second, latency percentiles, errors and the predictions it made, from
          its prediction log.
        </p>
      </header>
      <div className="inline-fields">
        <label>
          Model
          <select value={model} onChange={(event) => setModel(event.target.value)} aria-label="Model">
            <option value="">All models</option>
            {models.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <TimeRangeSelect caption="Time range" label="Time range" minutes={minutes} onChange={setMinutes} />
        <label className="inline-fields__check">
          <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} />
          Refresh every 5 s
        </label>
      </div>
      <ErrorMessage error={metrics.error ?? predictions.error} />
      {metrics.isPending ? <p className="muted">Loading the metrics…</p> : null}
      {nothingServed ? (
        <Panel id="monitoring-empty" title="Nothing served in this range">
          <EmptyState
            icon={Activity}
            title="No request yet"
            action={<GoToPageButton page="deployments">Open Deployments</GoToPageButton>}
          >
            Deploy a model and send it a request (its Try it form will do, or curl): traffic, latency and predictions
            show here within seconds. A longer time range may show older traffic.
          </EmptyState>
        </Panel>
      ) : null}
      {metrics.data && !nothingServed ? (
        <>
          <Totals totals={metrics.data.totals} />
          <Panel
            id="monitoring-charts"
            title={`Over the ${TIME_RANGES.find((range) => range.minutes === minutes)?.label.toLowerCase()}`}
          >
            <ServingCharts metrics={metrics.data} rangeMinutes={minutes} />
            <p className="panel__hint">
              Totals and charts come from rollups the model server writes every 10 seconds: a request shows here within
              10 s, and in the recent predictions below at once.
            </p>
          </Panel>
        </>
      ) : null}
      {predictions.data && predictions.data.length > 0 ? (
        <Panel id="recent-predictions" title="Recent predictions">
          <PredictionsTable predictions={predictions.data} />
        </Panel>
      ) : null}
      {logging ? (
        <Panel id="prediction-log-settings" title="Prediction log">
          <p className="panel__text">
            Every prediction is logged up to the rate below; above it, a sample of that many per second. Requests are
            always counted in the charts. Older or surplus predictions are deleted every minute.
          </p>
          <PredictionLogForm settings={logging} />
        </Panel>
      ) : null}
    </div>
  );
}
