import type { LoggedPrediction, ServingMetrics } from '../../../../shared/contract/serving.js';
import { formatMetric } from '../../models/metric-format.js';

/** One point of the traffic charts: the bucket's start (epoch ms), its rate, latencies and error share in %. */
export interface TrafficPoint {
  time: number;
  requestsPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  errorPercent: number | null;
}

export function trafficPoints(buckets: ServingMetrics['buckets']): TrafficPoint[] {
  return buckets.map((bucket) => ({
    time: Date.parse(bucket.start),
    requestsPerSecond: bucket.requestsPerSecond,
    p50Ms: bucket.p50Ms,
    p95Ms: bucket.p95Ms,
    p99Ms: bucket.p99Ms,
    errorPercent: bucket.requests > 0 ? (bucket.errors / bucket.requests) * 100 : null,
  }));
}

/** A chart series: the key of its values in the points and the name its legend shows. */
export interface ChartSeries {
  key: string;
  name: string;
}

/**
 * The prediction distribution as chart points and series: a count per class (keyed by position,
 * since a class may be named like a property path) or the p10/p50/p90 of a number.
 */
export function distributionChart(distribution: Exclude<ServingMetrics['distribution'], { kind: 'none' }>): {
  points: Record<string, number | null>[];
  series: ChartSeries[];
} {
  if (distribution.kind === 'classes')
    return {
      series: distribution.classes.map((name, index) => ({ key: `class${index}`, name })),
      points: distribution.buckets.map((bucket) => ({
        time: Date.parse(bucket.start),
        ...Object.fromEntries(bucket.counts.map((count, index) => [`class${index}`, count])),
      })),
    };
  return {
    series: [
      { key: 'p10', name: 'p10' },
      { key: 'p50', name: 'median' },
      { key: 'p90', name: 'p90' },
    ],
    points: distribution.buckets.map(({ start, p10, p50, p90 }) => ({ time: Date.parse(start), p10, p50, p90 })),
  };
}

const SUMMARY_CHARACTERS = 80;

function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What a logged prediction was asked, in one short line: its entity keys, else its first row's inputs. */
export function inputsSummary(prediction: Pick<LoggedPrediction, 'inputs' | 'entities' | 'rows'>): string {
  const pairs = prediction.entities?.[0]
    ? Object.entries(prediction.entities[0])
    : Object.entries(prediction.inputs ?? {}).map(([name, values]) => [name, values[0]] as const);
  if (pairs.length === 0)
    return prediction.inputs === null && prediction.entities === null ? 'not kept (too large)' : '';
  const text = pairs.map(([name, value]) => `${name}=${valueText(value)}`).join(', ');
  const cut = text.length > SUMMARY_CHARACTERS ? `${text.slice(0, SUMMARY_CHARACTERS - 1)}…` : text;
  return prediction.rows > 1 ? `${cut} (+${prediction.rows - 1} rows)` : cut;
}

/**
 * A latency as people read it: two decimals under a millisecond, one under 100 ms, whole
 * milliseconds above (0.42 ms, 3.3 ms, 21.0 ms, 1,250 ms); n/a when there is none.
 */
export function formatMilliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const digits = value < 1 ? 2 : value < 100 ? 1 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * What a logged prediction answered, in one short line: the first row's value of each output that
 * has one value per row (a label, a score; not a row of probabilities), or the error.
 */
export function outputsSummary(prediction: Pick<LoggedPrediction, 'outputs' | 'rows' | 'error'>): string {
  if (prediction.error) return prediction.error;
  if (prediction.outputs === null) return 'not kept (too large)';
  const pairs = Object.entries(prediction.outputs).filter(([, values]) => values.length === prediction.rows);
  const text = pairs
    .map(
      ([name, values]) => `${name}=${typeof values[0] === 'number' ? formatMetric(values[0]) : valueText(values[0])}`,
    )
    .join(', ');
  return text.length > SUMMARY_CHARACTERS ? `${text.slice(0, SUMMARY_CHARACTERS - 1)}…` : text;
}
