import { describe, expect, it } from 'vitest';
import { runPython } from '../test-support/python.js';
import { penguinsFrame, vegaFrame } from '../test-support/vega-frame.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';
import type { FrameColumn } from './preprocessing.js';
import { predictTabularLinear, trainTabularLinear } from './tabular-linear.js';

const SKLEARN_CLASSIFICATION = `
import json, sys
from sklearn import metrics
d = json.load(sys.stdin)
y, p, prob, binary = d['actual'], d['predicted'], d['probabilities'], d['binary']
avg = 'binary' if binary else 'macro'
auc = metrics.roc_auc_score(y, [r[1] for r in prob]) if binary else metrics.roc_auc_score(y, prob, multi_class='ovr', average='macro')
print(json.dumps({
  'accuracy': metrics.accuracy_score(y, p),
  'precision': metrics.precision_score(y, p, average=avg, zero_division=0),
  'recall': metrics.recall_score(y, p, average=avg, zero_division=0),
  'f1': metrics.f1_score(y, p, average=avg, zero_division=0),
  'rocAuc': auc,
  'logLoss': metrics.log_loss(y, prob, labels=list(range(len(prob[0])))),
  'confusion': metrics.confusion_matrix(y, p, labels=list(range(len(prob[0])))).tolist(),
}))
`;

const SKLEARN_REGRESSION = `
import json, sys
from sklearn import metrics
d = json.load(sys.stdin)
print(json.dumps({
  'rmse': metrics.mean_squared_error(d['actual'], d['predicted']) ** 0.5,
  'mae': metrics.mean_absolute_error(d['actual'], d['predicted']),
  'r2': metrics.r2_score(d['actual'], d['predicted']),
}))
`;

const penguins = penguinsFrame();

function expectClose(ours: Record<string, unknown>, theirs: Record<string, number | number[][]>) {
  for (const [name, value] of Object.entries(theirs)) {
    if (Array.isArray(value)) expect(ours[name], name).toEqual(value);
    else
      expect(Math.abs((ours[name] as number) - value), `${name}: ours ${ours[name]}, sklearn ${value}`).toBeLessThan(
        1e-9,
      );
  }
}

/** A classifier's predictions on penguins, as class indices and probabilities. */
function penguinPredictions(label: FrameColumn, features: string[]) {
  const columns = features.map((name) => penguins[name] as FrameColumn);
  // A weak model on few features, so the metrics are not all perfect.
  const model = trainTabularLinear('logreg', columns, label, { alpha: 0.05 });
  const predictions = predictTabularLinear(model, columns);
  if (predictions.kind !== 'classes' || model.classes === null) throw new Error('expected classes');
  const classes = model.classes.values as string[];
  const known = label.values.flatMap((value, row) => (value === null ? [] : [row]));
  const classCount = classes.length;
  return {
    actual: known.map((row) => classes.indexOf(label.values[row] as string)),
    predicted: known.map((row) => classes.indexOf(predictions.labels[row] as string)),
    probabilities: known.map((row) => [
      ...predictions.probabilities.subarray(row * classCount, (row + 1) * classCount),
    ]),
    classCount,
  };
}

describe('metrics, against scikit-learn on the same predictions', () => {
  it('agrees on a three-class model: accuracy, macro precision/recall/F1, one-vs-rest AUC, log loss, confusion', () => {
    const { actual, predicted, probabilities, classCount } = penguinPredictions(penguins.Species as FrameColumn, [
      'Beak Depth (mm)',
    ]);
    const ours = classificationMetrics(actual, predicted, probabilities.flat(), classCount);
    const theirs = JSON.parse(
      runPython(SKLEARN_CLASSIFICATION, [], JSON.stringify({ actual, predicted, probabilities, binary: false })),
    );
    expect(ours.accuracy).toBeLessThan(0.9);
    expectClose({ ...ours }, theirs);
  });

  it('agrees on a binary model, and draws its ROC and PR curves from (0, 0) to (1, 1) and recall 1', () => {
    const island: FrameColumn = {
      name: 'island',
      type: 'text',
      values: (penguins.Island as FrameColumn).values.map((value) => (value === 'Biscoe' ? 'Biscoe' : 'other')),
    };
    const { actual, predicted, probabilities, classCount } = penguinPredictions(island, ['Body Mass (g)']);
    const ours = classificationMetrics(actual, predicted, probabilities.flat(), classCount);
    const theirs = JSON.parse(
      runPython(SKLEARN_CLASSIFICATION, [], JSON.stringify({ actual, predicted, probabilities, binary: true })),
    );
    expectClose({ ...ours }, theirs);
    expect(ours.rocCurve[0]).toEqual({ x: 0, y: 0 });
    expect(ours.rocCurve.at(-1)).toEqual({ x: 1, y: 1 });
    expect(ours.prCurve.at(-1)?.x).toBe(1);
  });

  it('agrees on a regression: RMSE, MAE and R2', () => {
    const cars = vegaFrame('cars.json', { Miles_per_Gallon: 'real', Horsepower: 'integer' });
    const label = cars.Miles_per_Gallon as FrameColumn;
    const model = trainTabularLinear('linreg', [cars.Horsepower as FrameColumn], label);
    const predictions = predictTabularLinear(model, [cars.Horsepower as FrameColumn]);
    if (predictions.kind !== 'values') throw new Error('expected values');
    const known = label.values.flatMap((value, row) => (value === null ? [] : [row]));
    const actual = known.map((row) => label.values[row] as number);
    const predicted = known.map((row) => predictions.values[row] as number);
    expectClose(
      { ...regressionMetrics(actual, predicted) },
      JSON.parse(runPython(SKLEARN_REGRESSION, [], JSON.stringify({ actual, predicted }))),
    );
  });
});
