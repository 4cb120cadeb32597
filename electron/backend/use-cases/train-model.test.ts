import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrownTriadError } from '../../../shared/test-support/refusals.js';
import { createProject, DATABASE_FILE } from '../db/project-folder.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { listRuns } from '../models/training-runs.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from './import-file.js';
import { type TrainRequest, trainModelFromTable } from './train-model.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');

async function penguinsProject() {
  const dir = join(temporaryFolder('train'), 'project');
  createProject(dir).close();
  const file = join(temporaryFolder('files'), 'penguins.ndjson');
  const records = JSON.parse(readFileSync(join(VEGA, 'penguins.json'), 'utf8')) as object[];
  writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n'));
  await importFile(join(dir, DATABASE_FILE), { file, table: 'penguins', mode: 'replace' });
  const { openProject } = await import('../db/project-folder.js');
  return openProject(dir);
}

const REQUEST: TrainRequest = {
  table: 'penguins',
  label: 'Species',
  algorithm: 'logreg',
  params: { alpha: '0.001' },
  features: null,
  validTable: null,
  validFraction: 0.2,
  seed: 7,
  register: null,
  out: null,
};

describe('training a model on a table of the project', () => {
  it('holds out rows, evaluates, keeps the ONNX file, records the run, registers and writes a copy', async () => {
    const project = await penguinsProject();
    const out = join(temporaryFolder('out'), 'species.onnx');
    const iterations: number[] = [];
    const result = trainModelFromTable(
      project.db,
      project.path,
      { ...REQUEST, register: 'species', out },
      { onIteration: (iteration) => void iterations.push(iteration) },
    );
    expect(result.card).toMatchObject({
      algorithm: 'logreg',
      task: 'multiclass',
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
      features: ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'],
      label: 'Species',
      trainingRows: 275,
      validationRows: 69,
      parameters: { alpha: 0.001, l1_ratio: 0, max_iter: 500, tol: 1e-10 },
    });
    expect(result.card.metrics.accuracy).toBeGreaterThan(0.95);
    expect(result.card.history.map((point) => point.iteration)).toEqual(iterations);
    // The held-out rows are measured after every iteration; the last measure is the card's log loss.
    expect(result.card.history.every((point) => typeof point.validation === 'number')).toBe(true);
    expect(result.card.history.at(-1)?.validation).toBeCloseTo(result.card.metrics.log_loss as number, 10);
    expect(existsSync(join(project.path, result.artifact))).toBe(true);
    expect(readFileSync(out)).toEqual(readFileSync(join(project.path, result.artifact)));
    expect(result.registered).toEqual({ name: 'species', version: 1 });
    const version = resolveModelVersion(project.db, { name: 'species' });
    expect(version).toMatchObject({ runId: result.runId, contentHash: result.contentHash });
    expect(version.signature.inputs.map((input) => input.name)).toEqual(result.card.features);
    expect(listRuns(project.db)[0]).toMatchObject({
      id: result.runId,
      kind: 'train',
      status: 'succeeded',
      metrics: result.card.metrics,
      artifacts: [
        { name: 'model.onnx', artifact: result.artifact },
        { name: 'model-card.json', artifact: expect.stringMatching(/^artifacts\/model-cards\/[0-9a-f]{64}\.json$/) },
      ],
    });
    // The same seed holds out the same rows: the same model, byte for byte.
    const again = trainModelFromTable(project.db, project.path, REQUEST);
    expect(again.contentHash).toBe(result.contentHash);
    expect(again.card.metrics).toEqual(result.card.metrics);
    project.close();
  });

  it('clusters without a label, measuring inertia and silhouette on held-out rows', async () => {
    const project = await penguinsProject();
    const result = trainModelFromTable(project.db, project.path, {
      ...REQUEST,
      label: null,
      algorithm: 'kmeans',
      params: { k: '3' },
      features: ['Beak Length (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
    });
    expect(result.card).toMatchObject({ algorithm: 'kmeans', task: 'clustering', label: null, classes: null });
    expect(Object.keys(result.card.metrics)).toEqual(['inertia', 'silhouette']);
    expect(result.card.metrics.silhouette).toBeGreaterThan(0.3);
    expect(result.card.history).toHaveLength(10);
    expect(
      thrownTriadError(() => trainModelFromTable(project.db, project.path, { ...REQUEST, label: null })).message,
    ).toBe('logreg learns to predict a label: name the label column');
    project.close();
  });

  it('refuses what it cannot train on, naming the table, column or parameter', async () => {
    const project = await penguinsProject();
    const refusal = (request: Partial<TrainRequest>) =>
      thrownTriadError(() => trainModelFromTable(project.db, project.path, { ...REQUEST, ...request })).message;
    expect(refusal({ table: 'birds' })).toBe('there is no table birds (tables: penguins)');
    expect(refusal({ label: 'species' })).toBe(
      'table penguins has no column species (its columns: Species, Island, Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g), Sex)',
    );
    expect(refusal({ params: { depth: '3' } })).toBe(
      'logreg has no parameter depth (its parameters: alpha, l1_ratio, max_iter, tol)',
    );
    expect(refusal({ params: { alpha: '-1' } })).toBe('alpha must be a number from 0 to 1000000, not "-1"');
    expect(refusal({ features: ['Species', 'Island'] })).toBe('the label Species cannot also be a feature');
    expect(refusal({ register: '../x' })).toContain('"../x" is not a model name');
    expect(refusal({ validTable: 'birds' })).toBe('there is no table birds (tables: penguins)');
    expect(refusal({ algorithm: 'gbdt', params: { max_bin: '256' } })).toBe(
      'max_bin must be a whole number from 2 to 255, not "256"',
    );
    expect(refusal({ algorithm: 'gbdt', params: { alpha: '1' } })).toContain('gbdt has no parameter alpha');
    expect(listRuns(project.db).filter((run) => run.status === 'succeeded')).toHaveLength(0);
    project.close();
  });

  it('trains boosted trees measured on another table, stopping early at the best round, with gain importances', async () => {
    const project = await penguinsProject();
    const steps: [number, number, string][] = [];
    const result = trainModelFromTable(
      project.db,
      project.path,
      {
        ...REQUEST,
        algorithm: 'gbdt',
        params: { n_estimators: '300', learning_rate: '0.3', early_stopping_rounds: '5' },
        validTable: 'penguins',
      },
      { onIteration: (round, _loss, total, unit) => void steps.push([round, total, unit]) },
    );
    expect(result.card).toMatchObject({
      algorithm: 'gbdt',
      task: 'multiclass',
      trainingRows: 344,
      validationRows: 344,
    });
    expect(result.card.parameters).toMatchObject({ n_estimators: 300, learning_rate: 0.3, early_stopping_rounds: 5 });
    expect(steps[0]).toEqual([1, 300, 'rounds']);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(steps.length - 5);
    expect(result.card.metrics.accuracy).toBeGreaterThan(0.97);
    const importances = result.card.importances.map((entry) => entry.importance);
    expect(importances.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 10);
    expect(importances).toEqual([...importances].sort((a, b) => b - a));
  });
});
