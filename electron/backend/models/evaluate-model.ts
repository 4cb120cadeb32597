import type { ModelCard } from '../../../shared/contract/schemas.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';
import { type FrameColumn, numericValue } from './preprocessing.js';
import type { TrainedModel } from './trainers.js';

export type Evaluation = Pick<ModelCard, 'metrics' | 'confusion' | 'rocCurve' | 'prCurve'>;

/** How a model does on rows with a known label: the card's metrics, confusion and curves. */
export function evaluateModel(model: TrainedModel, features: readonly FrameColumn[], label: FrameColumn): Evaluation {
  const predictions = model.predict(features);
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
    // The names people know from scikit-learn and MLflow.
    metrics: {
      accuracy: metrics.accuracy,
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      roc_auc: metrics.rocAuc,
      log_loss: metrics.logLoss,
    },
    confusion,
    rocCurve,
    prCurve,
  };
}
