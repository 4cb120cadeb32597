// Gradient-boosted trees side by side with XGBoost 1.7 (tree_method=hist) in one run: the same
// rows, rounds, depth, learning rate, L2, min child weight, bins and thread count. Reports each
// side's training time (binning included; XGBoost's DMatrix included) as the median of several
// fits of the same rows (a fit of a small table takes a tenth of a second, where one run's noise
// on a shared machine is as large), and the held-out ROC AUC.
// Data: a generated 200,000 x 20 binary set (the last fifth held out) and scikit-learn's bundled
// breast cancer set (every fourth row held out).
// Whole processes too: `triad train` on a project table against a Python script that reads the
// same rows from CSV with pandas and fits XGBoost (each process timed from start to exit).
// Usage: npm run bench (after npm run build). Needs /usr/bin/python3 with python3-xgboost,
// python3-sklearn and python3-pandas.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rocCurve } from '../dist/electron/backend/models/metrics.js';
import { gbdtSettings, predictTabularGbdt, trainTabularGbdt } from '../dist/electron/backend/models/tabular-gbdt.js';
import { resolveParameters } from '../dist/shared/model-algorithms.js';
import { breastCancer, generated } from './training-data.mjs';

const PYTHON = process.env.TRIAD_PYTHON ?? '/usr/bin/python3';
const THREADS = availableParallelism();
const PARAMETERS = resolveParameters('gbdt', { n_estimators: 100, learning_rate: 0.1, max_depth: 6 });
const SETTINGS = gbdtSettings(PARAMETERS, 1, THREADS);

const XGBOOST = `
import json, sys, time
import numpy as np
import xgboost
from sklearn.metrics import roc_auc_score
d = json.load(sys.stdin)
X = np.array(d['x']).T
y = np.array(d['y'])
test = np.array(d['test'])
p = d['parameters']
model = xgboost.XGBClassifier(tree_method='hist', n_estimators=p['n_estimators'], learning_rate=p['learning_rate'],
    max_depth=p['max_depth'], reg_lambda=p['reg_lambda'], min_child_weight=p['min_child_weight'],
    max_bin=p['max_bin'], gamma=p['gamma'], n_jobs=d['threads'], base_score=0.5)
times = []
for _ in range(d['repeats']):
    started = time.perf_counter()
    model.fit(X[~test], y[~test])
    times.append(time.perf_counter() - started)
print(json.dumps({'times': times, 'auc': roc_auc_score(y[test], model.predict_proba(X[test])[:, 1]), 'version': xgboost.__version__}))
`;

function rows(data, chosen) {
  return {
    features: data.features.map((column) => ({ ...column, values: chosen.map((row) => column.values[row]) })),
    label: { ...data.label, values: chosen.map((row) => data.label.values[row]) },
  };
}

function auc(model, data) {
  const predictions = predictTabularGbdt(model, data.features);
  const scores = data.label.values.map((_, row) => predictions.probabilities[row * 2 + 1]);
  return rocCurve(
    scores,
    data.label.values.map((value) => value === 1),
  ).auc;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const seconds = (times) => times.map((time) => time.toFixed(2)).join(', ');

function compare(name, data, isTest, repeats) {
  const all = data.label.values.map((_, row) => row);
  const training = rows(
    data,
    all.filter((row) => !isTest(row)),
  );
  const test = rows(data, all.filter(isTest));
  const times = [];
  let model;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const started = performance.now();
    model = trainTabularGbdt(training.features, training.label, SETTINGS);
    times.push((performance.now() - started) / 1000);
  }
  const ours = auc(model, test);
  const input = JSON.stringify({
    x: data.features.map((column) => column.values),
    y: data.label.values,
    test: all.map(isTest),
    parameters: PARAMETERS,
    threads: THREADS,
    repeats,
  });
  const theirs = JSON.parse(execFileSync(PYTHON, ['-c', XGBOOST], { input, maxBuffer: 1 << 30, encoding: 'utf8' }));
  const ourTime = median(times);
  const theirTime = median(theirs.times);
  console.log(
    `  ${name.padEnd(28)} Triad ${ourTime.toFixed(2)} s, XGBoost ${theirs.version} ${theirTime.toFixed(2)} s (medians of ${repeats} fits); time ratio ${(ourTime / theirTime).toFixed(2)}x XGBoost's; ` +
      `test ROC AUC ${ours.toFixed(4)} vs ${theirs.auc.toFixed(4)} (difference ${(ours - theirs.auc).toFixed(4)})\n` +
      `    fits: Triad ${seconds(times)} s; XGBoost ${seconds(theirs.times)} s`,
  );
}

console.log(
  `Gradient-boosted trees (${SETTINGS.rounds} rounds, depth ${SETTINGS.maxDepth}, learning rate ${SETTINGS.learningRate}, ${THREADS} threads), training time and held-out ROC AUC:`,
);
compare('generated 200,000 x 20', generated(200_000, 20, 1), (row) => row >= 160_000, 3);
compare('breast cancer 569 x 30', breastCancer(), (row) => row % 4 === 0, 7);

const XGBOOST_PROCESS = `
import sys, pandas, xgboost
frame = pandas.read_csv(sys.argv[1])
model = xgboost.XGBClassifier(tree_method='hist', n_estimators=${PARAMETERS.n_estimators},
    learning_rate=${PARAMETERS.learning_rate}, max_depth=${PARAMETERS.max_depth}, reg_lambda=${PARAMETERS.reg_lambda},
    min_child_weight=${PARAMETERS.min_child_weight}, max_bin=${PARAMETERS.max_bin}, gamma=${PARAMETERS.gamma},
    n_jobs=${THREADS}, base_score=0.5)
model.fit(frame.drop(columns='label'), frame['label'])
model.save_model(sys.argv[2])
`;

function timed(command, args) {
  const started = process.hrtime.bigint();
  execFileSync(command, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function wholeProcesses() {
  const work = mkdtempSync(join(tmpdir(), 'triad-bench-gbdt-'));
  try {
    const data = generated(200_000, 20, 1);
    const csv = join(work, 'generated.csv');
    const header = [...data.features.map((column) => column.name), 'label'].join(',');
    const lines = data.label.values.map((label, row) =>
      [...data.features.map((column) => column.values[row]), label].join(','),
    );
    writeFileSync(csv, `${header}\n${lines.join('\n')}\n`);
    const project = join(work, 'project');
    const triad = join(import.meta.dirname, '..', 'dist', 'electron', 'cli', 'triad.js');
    execFileSync(process.execPath, [triad, 'init', project], { stdio: 'ignore' });
    execFileSync(process.execPath, [triad, 'ingest', csv, '--table', 'generated', '--project', project], {
      stdio: 'ignore',
    });
    const params = Object.entries(PARAMETERS).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
    const ours = timed(process.execPath, [
      triad,
      'train',
      '--project',
      project,
      '--table',
      'generated',
      '--label',
      'label',
      '--algo',
      'gbdt',
      '--valid-fraction',
      '0',
      ...params,
    ]);
    const theirs = timed(PYTHON, ['-c', XGBOOST_PROCESS, csv, join(work, 'model.json')]);
    console.log(
      `  whole processes, 200,000 x 20 Triad \`triad train\` ${ours.toFixed(2)} s, Python (pandas read_csv + XGBoost fit + save) ${theirs.toFixed(2)} s; time ratio ${(ours / theirs).toFixed(2)}x`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

wholeProcesses();
