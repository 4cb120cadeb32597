import type Database from 'better-sqlite3';
import type {
  LoggedPrediction,
  MetricsQuery,
  PredictionDistribution,
  ServingMetrics,
} from '../../../shared/contract/serving.js';
import { addSparse, LATENCY_BUCKETS, quantileMillis, type SparseHistogram } from './latency-histogram.js';

/** The newest predictions read for the distribution chart: a sample of the range when it holds more. */
const DISTRIBUTION_ROWS = 20_000;

interface PredictionRow {
  id: number;
  time_ms: number;
  model: string;
  version: number;
  endpoint: LoggedPrediction['endpoint'];
  status: number;
  latency_us: number;
  rows: number;
  inputs: string | null;
  outputs: string | null;
  entities: string | null;
  error: string | null;
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function recentPredictions(db: Database.Database, model: string | undefined, limit: number): LoggedPrediction[] {
  const rows = (
    model === undefined
      ? db.prepare('SELECT * FROM predictions ORDER BY id DESC LIMIT ?').all(limit)
      : db.prepare('SELECT * FROM predictions WHERE model = ? ORDER BY id DESC LIMIT ?').all(model, limit)
  ) as PredictionRow[];
  return rows.map((row) => ({
    id: row.id,
    time: new Date(row.time_ms).toISOString(),
    model: row.model,
    version: row.version,
    status: row.status,
    latencyMicros: row.latency_us,
    rows: row.rows,
    inputs: parseJson(row.inputs),
    outputs: parseJson(row.outputs),
    entities: parseJson(row.entities),
    error: row.error,
    endpoint: row.endpoint,
  }));
}

/** The period of the model server's request rollups, which start on its multiples. */
const ROLLUP_MS = 10_000;

/** A bucket width that puts about `points` buckets over the range, rounded to a multiple of the rollups. */
function bucketMillis(fromMs: number, toMs: number, points: number): number {
  const raw = Math.max(1, (toMs - fromMs) / points);
  return Math.max(ROLLUP_MS, Math.ceil(raw / ROLLUP_MS) * ROLLUP_MS);
}

function distribution(
  db: Database.Database,
  model: string | undefined,
  fromMs: number,
  bucketMs: number,
  count: number,
): PredictionDistribution {
  const rows = (
    db
      .prepare(
        `SELECT time_ms, outputs FROM predictions WHERE status = 200 AND outputs IS NOT NULL AND time_ms >= ? AND time_ms < ?
         ${model === undefined ? '' : 'AND model = ?'} ORDER BY id DESC LIMIT ?`,
      )
      .all(...[fromMs, fromMs + bucketMs * count, ...(model === undefined ? [] : [model]), DISTRIBUTION_ROWS]) as {
      time_ms: number;
      outputs: string;
    }[]
  ).map((row) => ({ bucket: Math.floor((row.time_ms - fromMs) / bucketMs), outputs: JSON.parse(row.outputs) }));
  if (rows.length === 0) return { kind: 'none', reason: 'no predictions were logged in this range' };
  const names = Object.keys(rows[0]?.outputs ?? {});
  const output = names.includes('label') ? 'label' : names.includes('variable') ? 'variable' : names[0];
  if (output === undefined) return { kind: 'none', reason: 'the logged predictions have no outputs' };
  const values = rows.map((row) => ({ bucket: row.bucket, values: (row.outputs[output] ?? []) as unknown[] }));
  const starts = Array.from({ length: count }, (_, index) => new Date(fromMs + index * bucketMs).toISOString());
  const numeric = values.every((row) => row.values.every((value) => typeof value === 'number'));
  if (output === 'label' || !numeric) {
    const classes = [...new Set(values.flatMap((row) => row.values.map(String)))].sort().slice(0, 20);
    const counts = starts.map(() => new Array<number>(classes.length).fill(0));
    for (const row of values)
      for (const value of row.values) {
        const index = classes.indexOf(String(value));
        const bucketCounts = counts[row.bucket];
        if (index >= 0 && bucketCounts) bucketCounts[index] = (bucketCounts[index] as number) + 1;
      }
    return {
      kind: 'classes',
      output,
      classes,
      buckets: starts.map((start, index) => ({ start, counts: counts[index] as number[] })),
    };
  }
  const perBucket = starts.map(() => [] as number[]);
  for (const row of values) (perBucket[row.bucket] as number[]).push(...(row.values as number[]));
  const quantile = (sorted: number[], q: number) =>
    sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
  return {
    kind: 'numeric',
    output,
    buckets: starts.map((start, index) => {
      const sorted = (perBucket[index] as number[]).sort((a, b) => a - b);
      return {
        start,
        count: sorted.length,
        p10: quantile(sorted, 0.1),
        p50: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
      };
    }),
  };
}

/** Requests per second, errors and latency percentiles per bucket from the rollups (every request counted). */
export function servingMetrics(
  db: Database.Database,
  query: Required<Omit<MetricsQuery, 'model'>> & { model?: string },
): ServingMetrics {
  // From the start of the rollup the range starts in: buckets then hold whole rollups, and a range
  // shorter than one rollup still shows the one it falls in.
  const fromMs = Math.floor(Date.parse(query.from) / ROLLUP_MS) * ROLLUP_MS;
  const toMs = Date.parse(query.to);
  const bucketMs = bucketMillis(fromMs, toMs, query.points);
  const count = Math.max(1, Math.ceil((toMs - fromMs) / bucketMs));
  const rows = db
    .prepare(
      `SELECT start_ms, requests, errors, latency FROM request_rollups WHERE start_ms >= ? AND start_ms < ?
       ${query.model === undefined ? '' : 'AND model = ?'}`,
    )
    .all(...[fromMs, toMs, ...(query.model === undefined ? [] : [query.model])]) as {
    start_ms: number;
    requests: number;
    errors: number;
    latency: string;
  }[];
  const buckets = Array.from({ length: count }, () => ({
    requests: 0,
    errors: 0,
    latency: new Float64Array(LATENCY_BUCKETS),
  }));
  const total = new Float64Array(LATENCY_BUCKETS);
  let requests = 0;
  let errors = 0;
  for (const row of rows) {
    const bucket = buckets[Math.floor((row.start_ms - fromMs) / bucketMs)];
    if (!bucket) continue;
    const latency = JSON.parse(row.latency) as SparseHistogram;
    bucket.requests += row.requests;
    bucket.errors += row.errors;
    addSparse(bucket.latency, latency);
    addSparse(total, latency);
    requests += row.requests;
    errors += row.errors;
  }
  return {
    bucketSeconds: bucketMs / 1000,
    buckets: buckets.map((bucket, index) => ({
      start: new Date(fromMs + index * bucketMs).toISOString(),
      requests: bucket.requests,
      errors: bucket.errors,
      requestsPerSecond: bucket.requests / (bucketMs / 1000),
      p50Ms: quantileMillis(bucket.latency, 0.5),
      p95Ms: quantileMillis(bucket.latency, 0.95),
      p99Ms: quantileMillis(bucket.latency, 0.99),
    })),
    totals: {
      requests,
      errors,
      p50Ms: quantileMillis(total, 0.5),
      p95Ms: quantileMillis(total, 0.95),
      p99Ms: quantileMillis(total, 0.99),
    },
    distribution: distribution(db, query.model, fromMs, bucketMs, count),
  };
}

/** The key of column `index` of a matrix input in what loggedInputColumns returns. */
export const matrixColumnKey = (input: string, index: number) => `${input}[${index}]`;

/**
 * The inputs of a version's answered predictions in a window, column by column: an input with one
 * value per row under its name, and one with `matrixWidths` values per row split into its columns
 * (under matrixColumnKey). Rows where an input had another number of values hold null for it.
 */
export function loggedInputColumns(
  db: Database.Database,
  model: string,
  version: number,
  fromMs: number,
  toMs: number,
  matrixWidths: ReadonlyMap<string, number> = new Map(),
): Map<string, unknown[]> {
  const columns = new Map<string, unknown[]>();
  const statement = db
    .prepare(
      `SELECT rows, inputs FROM predictions WHERE model = ? AND version = ? AND status = 200 AND inputs IS NOT NULL
       AND time_ms >= ? AND time_ms < ? ORDER BY id`,
    )
    .raw(true);
  let rowsSoFar = 0;
  const columnNamed = (name: string) => {
    let column = columns.get(name);
    if (!column) {
      column = new Array(rowsSoFar).fill(null);
      columns.set(name, column);
    }
    return column;
  };
  for (const [rows, text] of statement.iterate(model, version, fromMs, toMs) as Iterable<[number, string]>) {
    const inputs = JSON.parse(text) as Record<string, unknown[]>;
    for (const [name, values] of Object.entries(inputs)) {
      const width = matrixWidths.get(name);
      if (width !== undefined && values.length === rows * width) {
        for (let index = 0; index < width; index++) {
          const column = columnNamed(matrixColumnKey(name, index));
          for (let row = 0; row < rows; row++) column.push(values[row * width + index]);
        }
      } else if (values.length === rows) {
        const column = columnNamed(name);
        for (const value of values) column.push(value);
      }
    }
    rowsSoFar += rows;
    for (const column of columns.values()) while (column.length < rowsSoFar) column.push(null);
  }
  return columns;
}

/** Whether a version answered a prediction in [fromMs, toMs) whose inputs were logged: what drift is judged on. */
export function loggedInputsBetween(
  db: Database.Database,
  model: string,
  version: number,
  fromMs: number,
  toMs: number,
): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM predictions WHERE model = ? AND version = ? AND status = 200 AND inputs IS NOT NULL
         AND time_ms >= ? AND time_ms < ? LIMIT 1`,
      )
      .get(model, version, fromMs, toMs) !== undefined
  );
}
