import { LATENCY_BUCKETS, latencyBucket, type SparseHistogram, toSparse } from './latency-histogram.js';

export type Endpoint = 'infer' | 'invocations' | 'entities';

/** Prometheus' default latency buckets, in seconds. */
const PROMETHEUS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

interface Series {
  model: string;
  version: number;
  requests: Map<string, number>;
  durationBuckets: number[];
  durationCount: number;
  durationSum: number;
  batchBuckets: number[];
  batchCount: number;
  batchSum: number;
}

/** Requests, errors and latencies of one model version over one rollup period. */
export interface Rollup {
  model: string;
  version: number;
  startMs: number;
  requests: number;
  errors: number;
  latency: SparseHistogram;
}

interface OpenRollup {
  requests: number;
  errors: number;
  latency: Float64Array;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(values: Record<string, string | number>): string {
  return `{${Object.entries(values)
    .map(([key, value]) => `${key}="${escapeLabel(String(value))}"`)
    .join(',')}}`;
}

/**
 * Everything the server counts, in memory: cumulative series for `/metrics`, and rollups per
 * period that the prediction log keeps for the dashboards (never sampled).
 */
export class ServerMetrics {
  private readonly series = new Map<string, Series>();
  private rollups = new Map<string, OpenRollup>();
  private rollupStart: number;
  private readonly started = Date.now();

  constructor(
    private readonly rollupMs: number,
    now = Date.now(),
  ) {
    this.rollupStart = now - (now % rollupMs);
  }

  private seriesFor(model: string, version: number): Series {
    const key = `${model}:${version}`;
    let series = this.series.get(key);
    if (!series) {
      series = {
        model,
        version,
        requests: new Map(),
        durationBuckets: new Array(PROMETHEUS_BUCKETS.length).fill(0),
        durationCount: 0,
        durationSum: 0,
        batchBuckets: new Array(BATCH_BUCKETS.length).fill(0),
        batchCount: 0,
        batchSum: 0,
      };
      this.series.set(key, series);
    }
    return series;
  }

  record(model: string, version: number, endpoint: Endpoint, status: number, micros: number): void {
    const series = this.seriesFor(model, version);
    const requestKey = `${endpoint} ${status}`;
    series.requests.set(requestKey, (series.requests.get(requestKey) ?? 0) + 1);
    const seconds = micros / 1e6;
    series.durationCount++;
    series.durationSum += seconds;
    for (let index = 0; index < PROMETHEUS_BUCKETS.length; index++)
      if (seconds <= (PROMETHEUS_BUCKETS[index] as number)) (series.durationBuckets[index] as number)++;
    const key = `${model}:${version}`;
    let rollup = this.rollups.get(key);
    if (!rollup) {
      rollup = { requests: 0, errors: 0, latency: new Float64Array(LATENCY_BUCKETS) };
      this.rollups.set(key, rollup);
    }
    rollup.requests++;
    if (status >= 400) rollup.errors++;
    (rollup.latency[latencyBucket(micros)] as number)++;
  }

  recordBatches(model: string, version: number, sizes: number[]): void {
    if (sizes.length === 0) return;
    const series = this.seriesFor(model, version);
    for (const size of sizes) {
      series.batchCount++;
      series.batchSum += size;
      for (let index = 0; index < BATCH_BUCKETS.length; index++)
        if (size <= (BATCH_BUCKETS[index] as number)) (series.batchBuckets[index] as number)++;
    }
  }

  /** The rollups of the period if it has ended by `now` (or at once when forced), and a fresh period. */
  takeRollups(now = Date.now(), force = false): Rollup[] {
    if (!force && now - this.rollupStart < this.rollupMs) return [];
    const startMs = this.rollupStart;
    const closed = this.rollups;
    this.rollups = new Map();
    this.rollupStart = now - (now % this.rollupMs);
    return [...closed].map(([key, rollup]) => {
      const colon = key.lastIndexOf(':');
      return {
        model: key.slice(0, colon),
        version: Number(key.slice(colon + 1)),
        startMs,
        requests: rollup.requests,
        errors: rollup.errors,
        latency: toSparse(rollup.latency),
      };
    });
  }

  /** The Prometheus text exposition of every series, plus the gauges the caller knows. */
  prometheus(gauges: { loaded: { model: string; version: number; inFlight: number }[]; logDropped: number }): string {
    const lines: string[] = [];
    const header = (name: string, type: string, help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    header('triad_model_requests_total', 'counter', 'Requests answered, by model, version, endpoint and HTTP status.');
    for (const series of this.series.values())
      for (const [key, count] of series.requests) {
        const [endpoint, status] = key.split(' ');
        lines.push(
          `triad_model_requests_total${labels({ model: series.model, version: series.version, endpoint: endpoint ?? '', status: status ?? '' })} ${count}`,
        );
      }
    header('triad_model_request_duration_seconds', 'histogram', 'Time from a request arriving to its answer.');
    for (const series of this.series.values()) {
      const base = { model: series.model, version: series.version };
      PROMETHEUS_BUCKETS.forEach((edge, index) => {
        lines.push(
          `triad_model_request_duration_seconds_bucket${labels({ ...base, le: edge })} ${series.durationBuckets[index]}`,
        );
      });
      lines.push(
        `triad_model_request_duration_seconds_bucket${labels({ ...base, le: '+Inf' })} ${series.durationCount}`,
      );
      lines.push(`triad_model_request_duration_seconds_sum${labels(base)} ${series.durationSum}`);
      lines.push(`triad_model_request_duration_seconds_count${labels(base)} ${series.durationCount}`);
    }
    header('triad_model_batch_rows', 'histogram', 'Rows per model run (dynamic batching joins requests).');
    for (const series of this.series.values()) {
      const base = { model: series.model, version: series.version };
      BATCH_BUCKETS.forEach((edge, index) => {
        lines.push(`triad_model_batch_rows_bucket${labels({ ...base, le: edge })} ${series.batchBuckets[index]}`);
      });
      lines.push(`triad_model_batch_rows_bucket${labels({ ...base, le: '+Inf' })} ${series.batchCount}`);
      lines.push(`triad_model_batch_rows_sum${labels(base)} ${series.batchSum}`);
      lines.push(`triad_model_batch_rows_count${labels(base)} ${series.batchCount}`);
    }
    header('triad_model_loaded', 'gauge', 'Model versions loaded and serving.');
    header('triad_model_in_flight_requests', 'gauge', 'Requests queued or running per model version.');
    for (const model of gauges.loaded) {
      const base = { model: model.model, version: model.version };
      lines.push(
        `triad_model_loaded${labels(base)} 1`,
        `triad_model_in_flight_requests${labels(base)} ${model.inFlight}`,
      );
    }
    header(
      'triad_prediction_log_dropped_total',
      'counter',
      'Predictions not logged because the log writer fell behind.',
    );
    lines.push(`triad_prediction_log_dropped_total ${gauges.logDropped}`);
    header('triad_model_server_uptime_seconds', 'gauge', 'Seconds since the model server started.');
    lines.push(`triad_model_server_uptime_seconds ${(Date.now() - this.started) / 1000}`);
    return `${lines.join('\n')}\n`;
  }
}
