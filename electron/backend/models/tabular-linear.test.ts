import { describe, expect, it } from 'vitest';
import { checkOnnxModels, expectOnnxParity } from '../test-support/onnx-checks.js';
import { carsFrame, penguinsFrame, pickColumns } from '../test-support/vega-frame.js';
import { linearModelOnnx } from './onnx/linear-onnx.js';
import type { FrameColumn } from './preprocessing.js';
import { predictTabularLinear, type TabularLinearModel, trainTabularLinear } from './tabular-linear.js';

const penguins = penguinsFrame();
const cars = carsFrame();
const pick = pickColumns;
const META = { producerVersion: 'test', properties: { 'triad.training_data_hash': 'abc' } };

function accuracy(labels: (string | number)[], truth: readonly unknown[]): number {
  let right = 0;
  let counted = 0;
  labels.forEach((label, row) => {
    if (truth[row] === null) return;
    counted += 1;
    if (label === truth[row]) right += 1;
  });
  return right / counted;
}

/** onnxruntime's outputs for the model against the trainer's own predictions, row by row. */
function expectLinearParity(model: TabularLinearModel, columns: FrameColumn[]) {
  return expectOnnxParity(linearModelOnnx(model, META), predictTabularLinear(model, columns), columns);
}

describe('logistic and linear regression on real data, as ONNX', () => {
  it('tells the three penguin species apart from raw columns with missing values and text', async () => {
    const features = pick(penguins, [
      'Island',
      'Beak Length (mm)',
      'Beak Depth (mm)',
      'Flipper Length (mm)',
      'Body Mass (g)',
      'Sex',
    ]);
    const model = trainTabularLinear('logreg', features, penguins.Species as FrameColumn, { alpha: 1e-3 });
    expect(model.linear.converged).toBe(true);
    expect(model.classes).toEqual({ kind: 'text', values: ['Adelie', 'Chinstrap', 'Gentoo'] });
    const predictions = predictTabularLinear(model, features);
    if (predictions.kind !== 'classes') throw new Error('expected classes');
    expect(accuracy(predictions.labels, (penguins.Species as FrameColumn).values)).toBeGreaterThan(0.97);
    await expectLinearParity(model, features);
  });

  it('predicts a penguin’s sex (rows without one left out of training), binary', async () => {
    const features = pick(penguins, ['Species', 'Beak Length (mm)', 'Beak Depth (mm)', 'Body Mass (g)']);
    // One penguin's sex is recorded as "."; like the ten unrecorded ones, it cannot teach anything.
    const sex: FrameColumn = {
      name: 'Sex',
      type: 'text',
      values: (penguins.Sex as FrameColumn).values.map((value) => (value === '.' ? null : value)),
    };
    const model = trainTabularLinear('logreg', features, sex);
    expect(model.classes).toEqual({ kind: 'text', values: ['FEMALE', 'MALE'] });
    const predictions = predictTabularLinear(model, features);
    if (predictions.kind !== 'classes') throw new Error('expected classes');
    expect(accuracy(predictions.labels, sex.values)).toBeGreaterThan(0.85);
    await expectLinearParity(model, features);
  });

  it('fits miles per gallon as a linear function, with an elastic-net penalty that zeroes weights', async () => {
    const features = pick(cars, ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Origin']);
    const label = cars.Miles_per_Gallon as FrameColumn;
    const ridge = trainTabularLinear('linreg', features, label, { alpha: 0 });
    const predictions = predictTabularLinear(ridge, features);
    if (predictions.kind !== 'values') throw new Error('expected values');
    let squares = 0;
    let total = 0;
    let mean = 0;
    const known = label.values.flatMap((value, row) => (value === null ? [] : [[value as number, row] as const]));
    for (const [value] of known) mean += value / known.length;
    for (const [value, row] of known) {
      squares += (value - (predictions.values[row] as number)) ** 2;
      total += (value - mean) ** 2;
    }
    expect(1 - squares / total).toBeGreaterThan(0.7);
    await expectLinearParity(ridge, features);
    const lasso = trainTabularLinear('linreg', features, label, { alpha: 1, l1Ratio: 1 });
    expect([...lasso.linear.weights].filter((weight) => weight === 0).length).toBeGreaterThan(0);
    await expectLinearParity(lasso, features);
  });

  it('predicts integer classes (cars’ cylinders) as int64 labels', async () => {
    const features = pick(cars, ['Displacement', 'Horsepower', 'Weight_in_lbs', 'Origin']);
    const model = trainTabularLinear('logreg', features, cars.Cylinders as FrameColumn);
    expect(model.classes).toEqual({ kind: 'integer', values: [3, 4, 5, 6, 8] });
    await expectLinearParity(model, features);
  });

  it('writes files that the onnx checker accepts in full, with their metadata', () => {
    const models = [
      trainTabularLinear('logreg', pick(penguins, ['Island', 'Body Mass (g)']), penguins.Species as FrameColumn),
      trainTabularLinear('logreg', pick(cars, ['Horsepower', 'Origin']), cars.Cylinders as FrameColumn),
      trainTabularLinear('linreg', pick(cars, ['Horsepower', 'Origin']), cars.Miles_per_Gallon as FrameColumn),
    ];
    const [species, cylinders, mpg] = checkOnnxModels(models.map((model) => linearModelOnnx(model, META)));
    expect(species).toMatchObject({
      ir: 8,
      opsets: { '': 17, 'ai.onnx.ml': 3 },
      inputs: ['Island', 'Body Mass (g)'],
      outputs: ['label', 'probabilities'],
    });
    expect(species?.meta).toMatchObject({
      'triad.algorithm': 'logreg',
      'triad.classes': '["Adelie","Chinstrap","Gentoo"]',
      'triad.training_data_hash': 'abc',
    });
    expect(cylinders?.meta['triad.classes']).toBe('[3,4,5,6,8]');
    expect(mpg?.outputs).toEqual(['variable']);
  });

  it('refuses labels a model cannot learn from, naming the column', () => {
    const features = pick(penguins, ['Beak Length (mm)']);
    expect(() => trainTabularLinear('logreg', features, penguins['Beak Depth (mm)'] as FrameColumn)).toThrow(
      'the label Beak Depth (mm) holds real values: a classifier needs text, integer or boolean classes',
    );
    expect(() => trainTabularLinear('linreg', features, penguins.Species as FrameColumn)).toThrow(
      'the label Species holds text values: a regression needs numbers',
    );
    const oneClass: FrameColumn = { name: 'kind', type: 'text', values: penguins.Species?.values.map(() => 'x') ?? [] };
    expect(() => trainTabularLinear('logreg', features, oneClass)).toThrow('the label kind has one class only (x)');
  });
});
