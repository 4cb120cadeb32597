import { describe, expect, it } from 'vitest';
import { resolveParameters } from '../../../shared/model-algorithms.js';
import { seededRandom } from '../../../shared/seeded-random.js';
import { checkOnnxModels, expectOnnxParity } from '../test-support/onnx-checks.js';
import { runPython } from '../test-support/python.js';
import { carsFrame, penguinsFrame, pickColumns } from '../test-support/vega-frame.js';
import { classificationMetrics } from './metrics.js';
import { gbdtModelOnnx } from './onnx/gbdt-onnx.js';
import type { FrameColumn } from './preprocessing.js';
import { gbdtSettings, predictTabularGbdt, type TabularGbdtModel, trainTabularGbdt } from './tabular-gbdt.js';

const SETTINGS = gbdtSettings(resolveParameters('gbdt', { n_estimators: 50, learning_rate: 0.3 }), 1, 1);
const META = { producerVersion: 'test', properties: { 'triad.training_data_hash': 'abc' } };

const penguins = penguinsFrame();
const cars = carsFrame();
const pick = pickColumns;

function accuracy(model: TabularGbdtModel, features: FrameColumn[], label: FrameColumn): number {
  const predictions = predictTabularGbdt(model, features);
  if (predictions.kind !== 'classes') throw new Error('expected classes');
  let right = 0;
  let counted = 0;
  predictions.labels.forEach((predicted, row) => {
    if (label.values[row] === null) return;
    counted += 1;
    if (predicted === label.values[row]) right += 1;
  });
  return right / counted;
}

function gbdtParity(model: TabularGbdtModel, features: FrameColumn[]) {
  return expectOnnxParity(gbdtModelOnnx(model, META), predictTabularGbdt(model, features), features);
}

/** Points on a grid in the unit square whose class is a checkerboard of two cuts: no line separates it, trees do. */
function checkerboard(rows: number, seed: number) {
  const random = seededRandom(seed);
  const onGrid = () => Math.round(random() * 100) / 100;
  const x = Array.from({ length: rows }, onGrid);
  const y = Array.from({ length: rows }, onGrid);
  const label = x.map((value, row) => (value > 0.3 !== (y[row] as number) > 0.6 ? 'yes' : 'no'));
  return {
    features: [
      { name: 'x', type: 'real', values: x },
      { name: 'y', type: 'real', values: y },
    ] satisfies FrameColumn[],
    label: { name: 'label', type: 'text', values: label } satisfies FrameColumn,
  };
}

describe('gradient-boosted trees on data with known answers', () => {
  it('learns a checkerboard no line separates, and a step as a regression', () => {
    const { features, label } = checkerboard(2000, 3);
    expect(accuracy(trainTabularGbdt(features, label, SETTINGS), features, label)).toBe(1);
    const step: FrameColumn = {
      name: 'target',
      type: 'real',
      values: (features[0] as FrameColumn).values.map((x) => ((x as number) > 0.5 ? 3 : -1)),
    };
    const regression = trainTabularGbdt(features, step, SETTINGS);
    expect(regression.classes).toBeNull();
    const predictions = predictTabularGbdt(regression, features);
    if (predictions.kind !== 'values') throw new Error('expected values');
    let largestGap = 0;
    predictions.values.forEach((value, row) => {
      largestGap = Math.max(largestGap, Math.abs(value - (step.values[row] as number)));
    });
    expect(largestGap).toBeLessThan(0.01);
  });

  it('learns where missing values go, and splits on a category', () => {
    const rows = 1000;
    const random = seededRandom(5);
    const amount = Array.from({ length: rows }, (_, row) => (row % 3 === 0 ? null : random()));
    const colour = Array.from({ length: rows }, (_, row) => ['red', 'green', 'blue', 'grey'][row % 4] as string);
    // Positive: a missing amount (whatever its size would be), or green.
    const label = amount.map((value, row) => (value === null || colour[row] === 'green' ? 1 : 0));
    const features: FrameColumn[] = [
      { name: 'amount', type: 'real', values: amount },
      { name: 'colour', type: 'text', values: colour },
    ];
    const target: FrameColumn = { name: 'positive', type: 'integer', values: label };
    const model = trainTabularGbdt(features, target, { ...SETTINGS, rounds: 20 });
    expect(model.classes).toEqual({ kind: 'integer', values: [0, 1] });
    expect(accuracy(model, features, target)).toBe(1);
    const unseen: FrameColumn[] = [
      { name: 'amount', type: 'real', values: [null, 0.5, 0.5] },
      { name: 'colour', type: 'text', values: ['purple', 'green', 'purple'] },
    ];
    const predictions = predictTabularGbdt(model, unseen);
    if (predictions.kind !== 'classes') throw new Error('expected classes');
    expect(predictions.labels).toEqual([1, 1, 0]);
  });

  it('bins infinities and a column with no value at all, and refuses a text column with none', async () => {
    const values = [Number.NEGATIVE_INFINITY, -1, 0, 1, Number.POSITIVE_INFINITY, 1e308, -1e308, 2];
    const features: FrameColumn[] = [
      { name: 'extreme', type: 'real', values: [...values, ...values] },
      { name: 'empty', type: 'real', values: [...values, ...values].map(() => null) },
    ];
    const label: FrameColumn = {
      name: 'big',
      type: 'integer',
      values: [...values, ...values].map((value) => (value > 0 ? 1 : 0)),
    };
    const model = trainTabularGbdt(features, label, { ...SETTINGS, minChildWeight: 0 });
    expect(accuracy(model, features, label)).toBe(1);
    await gbdtParity(model, features);
    const silent: FrameColumn = { name: 'note', type: 'text', values: label.values.map(() => null) };
    expect(() => trainTabularGbdt([silent], label, SETTINGS)).toThrow('column note has no values to learn from');
  });

  it('repeats itself for a seed with row and column sampling, and differs for another seed', () => {
    const { features, label } = checkerboard(3000, 8);
    const sampled = { ...SETTINGS, subsample: 0.7, colsampleByTree: 0.5, rounds: 20 };
    const first = trainTabularGbdt(features, label, sampled);
    const again = trainTabularGbdt(features, label, sampled);
    expect(again.boosted.trees).toEqual(first.boosted.trees);
    const other = trainTabularGbdt(features, label, { ...sampled, seed: 2 });
    expect(other.boosted.trees).not.toEqual(first.boosted.trees);
  });

  it('grows the same trees on one thread and with helper threads', () => {
    const board = checkerboard(60_000, 21);
    const label = board.label;
    // A text column, some of it missing: its categories reach the helper threads by message.
    const zone: FrameColumn = {
      name: 'zone',
      type: 'text',
      values:
        board.features[0]?.values.map((x, row) => (row % 17 === 0 ? null : (x as number) > 0.3 ? 'east' : 'west')) ??
        [],
    };
    const features = [...board.features, zone];
    const settings = { ...SETTINGS, rounds: 5, subsample: 0.9 };
    const alone = trainTabularGbdt(features, label, settings);
    const helped = trainTabularGbdt(features, label, { ...settings, threads: 2 });
    expect(helped.boosted.trees).toEqual(alone.boosted.trees);
    // More threads than shards: the third finds splits only.
    expect(trainTabularGbdt(features, label, { ...settings, threads: 3 }).boosted.trees).toEqual(alone.boosted.trees);
    // A leaf limit grows best split first, one node per task.
    const limited = { ...settings, maxLeaves: 12, colsampleByTree: 0.6 };
    const limitedHelped = trainTabularGbdt(features, label, { ...limited, threads: 2 });
    expect(limitedHelped.boosted.trees).toEqual(trainTabularGbdt(features, label, limited).boosted.trees);
    expect(Math.max(...limitedHelped.boosted.trees.map((tree) => tree.feature.filter((f) => f < 0).length))).toBe(12);
    // Three classes (a tree per class and round), and a number to predict.
    const threeClasses = {
      ...label,
      values: features[0]?.values.map((x, row) => ((x as number) > 0.5 ? 'far' : label.values[row])) ?? [],
    };
    const byClass = trainTabularGbdt(features, threeClasses, settings);
    expect(byClass.boosted.outputs).toBe(3);
    expect(trainTabularGbdt(features, threeClasses, { ...settings, threads: 2 }).boosted.trees).toEqual(
      byClass.boosted.trees,
    );
    const number = { name: 'target', type: 'real', values: features[1]?.values ?? [] } satisfies FrameColumn;
    expect(trainTabularGbdt(features, number, { ...settings, threads: 2 }).boosted.trees).toEqual(
      trainTabularGbdt(features, number, settings).boosted.trees,
    );
    // Deep trees hold more node histograms at once than the memory starts with: it grows, on every thread.
    const deep = { ...settings, rounds: 2, maxDepth: 10, minChildWeight: 0 };
    const column = (index: number) => (features[index]?.values ?? []) as number[];
    const noise = seededRandom(4);
    const rough: FrameColumn = {
      name: 'rough',
      type: 'real',
      values: column(0).map((x, row) => Math.sin(20 * x) * Math.cos(17 * (column(1)[row] as number)) + noise()),
    };
    const deepHelped = trainTabularGbdt(features, rough, { ...deep, threads: 2 });
    expect(
      Math.max(...deepHelped.boosted.trees.map((tree) => tree.feature.filter((f) => f < 0).length)),
    ).toBeGreaterThan(256);
    expect(deepHelped.boosted.trees).toEqual(trainTabularGbdt(features, rough, deep).boosted.trees);
  }, 30_000);

  it('stops early when the held-out loss stops improving, keeping the best round', () => {
    const { features, label } = checkerboard(1500, 11);
    const noisy: FrameColumn = {
      ...label,
      values: label.values.map((value, row) => (row % 5 === 0 ? (value === 'yes' ? 'no' : 'yes') : value)),
    };
    const training = features.map((column) => ({ ...column, values: column.values.slice(0, 1000) }));
    const heldOut = features.map((column) => ({ ...column, values: column.values.slice(1000) }));
    const losses: number[] = [];
    const model = trainTabularGbdt(
      training,
      { ...noisy, values: noisy.values.slice(0, 1000) },
      { ...SETTINGS, rounds: 500, earlyStoppingRounds: 10 },
      (_round, _loss, held) => {
        losses.push(held as number);
        return true;
      },
      { columns: heldOut, label: { ...noisy, values: noisy.values.slice(1000) } },
    );
    expect(losses.length).toBeLessThan(500);
    expect(model.boosted.rounds).toBe(losses.length - 10);
    expect(Math.min(...losses)).toBe(losses[model.boosted.rounds - 1]);
  });
});

describe('gradient-boosted trees on real data, as ONNX', () => {
  it('tells the penguin species apart from raw columns with text and missing values', async () => {
    const features = pick(penguins, ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Sex']);
    const model = trainTabularGbdt(features, penguins.Species as FrameColumn, SETTINGS);
    expect(model.classes).toEqual({ kind: 'text', values: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(accuracy(model, features, penguins.Species as FrameColumn)).toBeGreaterThan(0.99);
    await gbdtParity(model, features);
  });

  it('predicts a binary label, integer classes and a number exactly as onnxruntime does', async () => {
    const sexFeatures = pick(penguins, ['Species', 'Beak Length (mm)', 'Beak Depth (mm)', 'Body Mass (g)']);
    await gbdtParity(trainTabularGbdt(sexFeatures, penguins.Sex as FrameColumn, SETTINGS), sexFeatures);
    const carFeatures = pick(cars, ['Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Origin']);
    const cylinders = trainTabularGbdt(carFeatures, cars.Cylinders as FrameColumn, SETTINGS);
    expect(cylinders.classes).toEqual({ kind: 'integer', values: [3, 4, 5, 6, 8] });
    await gbdtParity(cylinders, carFeatures);
    const mpg = trainTabularGbdt(carFeatures, cars.Miles_per_Gallon as FrameColumn, { ...SETTINGS, subsample: 0.8 });
    expect(mpg.classes).toBeNull();
    await gbdtParity(mpg, carFeatures);
  });

  it('writes files that the onnx checker accepts in full', () => {
    const features = pick(cars, ['Horsepower', 'Origin']);
    const [cylinders, mpg] = checkOnnxModels([
      gbdtModelOnnx(trainTabularGbdt(features, cars.Cylinders as FrameColumn, SETTINGS), META),
      gbdtModelOnnx(trainTabularGbdt(features, cars.Miles_per_Gallon as FrameColumn, SETTINGS), META),
    ]);
    expect(cylinders).toMatchObject({
      ir: 8,
      opsets: { '': 17, 'ai.onnx.ml': 3 },
      inputs: ['Horsepower', 'Origin'],
      outputs: ['label', 'probabilities'],
    });
    expect(cylinders?.meta).toMatchObject({ 'triad.algorithm': 'gbdt', 'triad.classes': '[3,4,5,6,8]' });
    expect(mpg?.outputs).toEqual(['variable']);
  });

  it('scores within 0.01 ROC AUC of XGBoost hist on scikit-learn’s breast cancer data, same split and settings', () => {
    const data = JSON.parse(
      runPython(`
import json, xgboost
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import roc_auc_score
X, y = load_breast_cancer(return_X_y=True)
test = [i % 4 == 0 for i in range(len(y))]
train = [not t for t in test]
model = xgboost.XGBClassifier(tree_method='hist', n_estimators=100, learning_rate=0.1, max_depth=4,
                              reg_lambda=1, min_child_weight=1, n_jobs=1)
model.fit(X[train], y[train])
print(json.dumps({'X': X.tolist(), 'y': y.tolist(), 'auc': roc_auc_score(y[test], model.predict_proba(X[test])[:, 1])}))
`),
    ) as { X: number[][]; y: number[]; auc: number };
    const width = data.X[0]?.length ?? 0;
    const column = (rows: number[][], name: string, index: number): FrameColumn => ({
      name,
      type: 'real',
      values: rows.map((row) => row[index]),
    });
    const trainRows = data.X.filter((_, row) => row % 4 !== 0);
    const testRows = data.X.filter((_, row) => row % 4 === 0);
    const names = Array.from({ length: width }, (_, index) => `f${index}`);
    const model = trainTabularGbdt(
      names.map((name, index) => column(trainRows, name, index)),
      { name: 'y', type: 'integer', values: data.y.filter((_, row) => row % 4 !== 0) },
      { ...SETTINGS, rounds: 100, learningRate: 0.1, maxDepth: 4 },
    );
    const predictions = predictTabularGbdt(
      model,
      names.map((name, index) => column(testRows, name, index)),
    );
    if (predictions.kind !== 'classes') throw new Error('expected classes');
    const truth = data.y.filter((_, row) => row % 4 === 0);
    const ours = classificationMetrics(truth, predictions.labels as number[], predictions.probabilities, 2).rocAuc;
    expect(Math.abs((ours as number) - data.auc)).toBeLessThan(0.01);
  });
});
