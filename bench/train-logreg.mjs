// Logistic regression and batch prediction, side by side with scikit-learn in one run.
// Training: Triad's trainer (in process) and scikit-learn's StandardScaler + LogisticRegression
// (lbfgs) fit the same standardized objective on the same rows: time ratio, and the training log
// loss of both (equal to 1e-4 when both reached the optimum). Data: a generated 200,000 x 20 binary
// set and scikit-learn's bundled breast cancer set. Prediction: 1,000,000 rows through
// onnxruntime-node, rows/s and peak memory.
// Usage: npm run bench (after npm run build). Needs /usr/bin/python3 with scikit-learn (python3-sklearn).
import { execFileSync } from 'node:child_process';
import { predictColumns } from '../dist/electron/backend/models/onnx/batch-inference.js';
import { linearModelOnnx } from '../dist/electron/backend/models/onnx/linear-onnx.js';
import { readOnnxSignature } from '../dist/electron/backend/models/onnx/onnx-signature.js';
import { predictTabularLinear, trainTabularLinear } from '../dist/electron/backend/models/tabular-linear.js';
import { breastCancer, generated } from './training-data.mjs';

const PYTHON = process.env.TRIAD_PYTHON ?? '/usr/bin/python3';
const ALPHA = 1e-4;
const PREDICT_ROWS = Number(process.env.BENCH_PREDICT_ROWS ?? 1_000_000);

function logLoss(model, data) {
  const predictions = predictTabularLinear(model, data.features);
  let sum = 0;
  data.label.values.forEach((value, row) => {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, predictions.probabilities[row * 2 + 1]));
    sum -= value === 1 ? Math.log(p) : Math.log(1 - p);
  });
  return sum / data.label.values.length;
}

const SKLEARN = `
import json, sys, time
import numpy as np
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
d = json.load(sys.stdin)
X = np.array(d['x']).T
y = np.array(d['y'])
started = time.perf_counter()
Xs = StandardScaler().fit_transform(X)
model = LogisticRegression(C=1 / (len(y) * d['alpha']), solver='lbfgs', tol=1e-10, max_iter=10000).fit(Xs, y)
seconds = time.perf_counter() - started
print(json.dumps({'seconds': seconds, 'log_loss': log_loss(y, model.predict_proba(Xs)), 'iterations': int(model.n_iter_[0])}))
`;

function compare(name, data) {
  const started = performance.now();
  const model = trainTabularLinear('logreg', data.features, data.label, { alpha: ALPHA, maxIterations: 10_000 });
  const seconds = (performance.now() - started) / 1000;
  const ours = logLoss(model, data);
  const input = JSON.stringify({ x: data.features.map((column) => column.values), y: data.label.values, alpha: ALPHA });
  const theirs = JSON.parse(execFileSync(PYTHON, ['-c', SKLEARN], { input, maxBuffer: 1 << 30, encoding: 'utf8' }));
  console.log(
    `  ${name.padEnd(28)} Triad ${seconds.toFixed(2)} s (${model.linear.iterations} iterations), scikit-learn ${theirs.seconds.toFixed(2)} s (${theirs.iterations}); ratio ${(theirs.seconds / seconds).toFixed(2)}x; log loss ${ours.toFixed(6)} vs ${theirs.log_loss.toFixed(6)} (difference ${Math.abs(ours - theirs.log_loss).toExponential(1)})`,
  );
  return model;
}

console.log(`Logistic regression (alpha ${ALPHA}, i.e. C = 1 / (rows x alpha)), fit time including standardization:`);
const big = generated(200_000, 20, 1);
const model = compare('generated 200,000 x 20', big);
compare('breast cancer 569 x 30', breastCancer());

const bytes = linearModelOnnx(model, { producerVersion: 'bench', properties: {} });
const scoring = generated(PREDICT_ROWS, 20, 2).features;
const before = process.memoryUsage().rss;
const started = performance.now();
const predictions = await predictColumns(bytes, readOnnxSignature(bytes, 'model'), scoring);
const seconds = (performance.now() - started) / 1000;
console.log(
  `Batch prediction through onnxruntime-node: ${PREDICT_ROWS.toLocaleString('en-US')} rows x 20 in ${seconds.toFixed(2)} s, ` +
    `${Math.round(PREDICT_ROWS / seconds).toLocaleString('en-US')} rows/s; ${predictions.length} output columns; ` +
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (${Math.round(before / 2 ** 20)} MB before scoring)`,
);
