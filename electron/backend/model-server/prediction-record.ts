import { byTensorName } from '../models/onnx/by-tensor-name.js';
import type { LoadedModel } from './loaded-model.js';
import { plainValues } from './plain-values.js';
import type { PredictionRecord } from './prediction-log-store.js';
import type { Endpoint } from './server-metrics.js';

/** Requests with more values than this are logged without their inputs or outputs. */
const MAX_LOGGED_VALUES = 10_000;

/** Named tensors or columns as JSON text of flat value lists, or null when too large to keep. */
function namedValuesJson(named: unknown): string | null {
  if (named === null || typeof named !== 'object') return null;
  const result = byTensorName<unknown[]>();
  let total = 0;
  for (const [name, values] of Object.entries(named)) {
    const plain = plainValues(values);
    if (!plain) continue;
    total += plain.length;
    if (total > MAX_LOGGED_VALUES) return null;
    result[name] = plain;
  }
  return JSON.stringify(result);
}

export function predictionRecord(
  timeMs: number,
  model: LoadedModel,
  endpoint: Endpoint,
  status: number,
  latencyMicros: number,
  log: { rows: number; inputs: unknown; outputs: unknown; entities: unknown; error: string | null },
): PredictionRecord {
  return {
    timeMs,
    model: model.name,
    version: model.version,
    endpoint,
    status,
    latencyMicros,
    rows: log.rows,
    inputs: namedValuesJson(log.inputs),
    outputs: namedValuesJson(log.outputs),
    entities: log.entities === null || log.entities === undefined ? null : JSON.stringify(log.entities),
    error: log.error,
  };
}
