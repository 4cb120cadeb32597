import type { ServingMetrics } from '../../../../shared/contract/serving.js';
import { distributionChart, trafficPoints } from './monitoring-series.js';
import { TimeChart } from './TimeChart.js';

const LATENCIES = [
  { key: 'p50Ms', name: 'p50' },
  { key: 'p95Ms', name: 'p95' },
  { key: 'p99Ms', name: 'p99' },
];

function DistributionChart({
  distribution,
  rangeMinutes,
}: {
  distribution: ServingMetrics['distribution'];
  rangeMinutes: number;
}) {
  if (distribution.kind === 'none')
    return (
      <figure className="metric-chart">
        <figcaption>Predictions</figcaption>
        <p className="panel__text">{distribution.reason}</p>
      </figure>
    );
  const { points, series } = distributionChart(distribution);
  return (
    <TimeChart
      title={
        distribution.kind === 'classes'
          ? `Predictions per class (${distribution.output})`
          : `Predicted ${distribution.output}: p10, median, p90`
      }
      unit={distribution.kind === 'classes' ? 'predictions' : ''}
      rangeMinutes={rangeMinutes}
      points={points}
      series={series}
      stacked={distribution.kind === 'classes'}
    />
  );
}

/** Traffic, latency, errors and what was predicted, over the chosen range. */
export function ServingCharts({ metrics, rangeMinutes }: { metrics: ServingMetrics; rangeMinutes: number }) {
  const points = trafficPoints(metrics.buckets);
  return (
    <div className="serving-charts">
      <TimeChart
        title="Requests per second"
        unit="req/s"
        rangeMinutes={rangeMinutes}
        points={points}
        series={[{ key: 'requestsPerSecond', name: 'requests/s' }]}
      />
      <TimeChart title="Latency (ms)" unit="ms" rangeMinutes={rangeMinutes} points={points} series={LATENCIES} />
      <TimeChart
        title="Error rate (%)"
        unit="%"
        rangeMinutes={rangeMinutes}
        points={points}
        series={[{ key: 'errorPercent', name: 'errors' }]}
      />
      <DistributionChart distribution={metrics.distribution} rangeMinutes={rangeMinutes} />
    </div>
  );
}
