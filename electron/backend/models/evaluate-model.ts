import type { ModelCard } from '../../../shared/contract/schemas.js';
import { frameRows } from './frame-rows.js';
import { silhouette } from './kmeans.js';
import { classificationMetrics, namedClassificationMetrics, regressionMetrics } from './metrics.js';
import { type FrameColumn, numericValue } from './preprocessing.js';
import type { TrainedModel } from './trainers.js';

export type Evaluation = Pick<ModelCard, 'metrics' | 'confusion' | 'rocCurve' | 'prCurve'>;

/** The silhouette compares every pair of rows: beyond this many, an evenly spread sample of them. */
const SILHOUETTE_ROWS = 2000;

function clusteringEvaluation(model: TrainedModel, features: readonly FrameColumn[]): Evaluation {
  const predictions = model.predict(features);
  if (predictions.kind !== 'clusters') throw new Error('expected clusters');
  const rows = predictions.clusters.length;
  let inertia = 0;
  for (let row = 0; row < rows; row++)
    inertia += predictions.distances[row * predictions.k + (predictions.clusters[row] as number)] as number;
  const step = Math.max(1, Math.ceil(rows / SILHOUETTE_ROWS));
  const sampled = Array.from({ length: Math.ceil(rows / step) }, (_, index) => index * step);
  const encoded = model.encode(frameRows(features, sampled));
  const score = silhouette(
    encoded.points,
    sampled.length,
    encoded.width,
    Int32Array.from(sampled, (row) => predictions.clusters[row] as number),
    predictions.k,
  );
  return { metrics: { inertia, silhouette: score }, confusion: null, rocCurve: [], prCurve: [] };
}

/** How a model does: on rows with a known label, the card's metrics, confusion and curves; for clusters, inertia and silhouette. */
export function evaluateModel(
  model: TrainedModel,
  features: readonly FrameColumn[],
  label: FrameColumn | null,
): Evaluation {
  if (label === null) return clusteringEvaluation(model, features);
  const predictions = model.predict(features);
  if (predictions.kind === 'clusters') return clusteringEvaluation(model, features);
  if (predictions.kind === 'values') {
    const rows = label.values.flatMap((value, row) => (Number.isNaN(numericValue(value)) ? [] : [row]));
    const metrics = regressionMetrics(
      rows.map((row) => numericValue(label.values[row])),
      rows.map((row) => predictions.values[row] as number),
    );
    return { metrics: { ...metrics }, confusion: null, rocCurve: [], prCurve: [] };
  }
  const classes = (model.classes?.values ?? []) as (string | number)[];
  const position = new Map(classes.map((value, index) => [value, index]));
  const classOf = (value: unknown) =>
    value === null || value === undefined
      ? undefined
      : position.get(model.classes?.kind === 'text' ? String(value) : numericValue(value));
  const rows = label.values.flatMap((value, row) => (classOf(value) === undefined ? [] : [row]));
  const count = predictions.classCount;
  const probabilities = new Float64Array(rows.length * count);
  rows.forEach((row, index) => {
    probabilities.set(predictions.probabilities.subarray(row * count, (row + 1) * count), index * count);
  });
  const metrics = classificationMetrics(
    rows.map((row) => classOf(label.values[row]) as number),
    rows.map((row) => position.get(predictions.labels[row] as string | number) as number),
    probabilities,
    count,
  );
  const { confusion, rocCurve, prCurve } = metrics;
  return {
    metrics: namedClassificationMetrics(metrics),
    confusion,
    rocCurve,
    prCurve,
  };
}
