import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectedTriadError } from '../../../shared/test-support/refusals.js';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import type { Project } from '../db/project.js';
import { listDriftReports } from '../model-server/drift-report-store.js';
import { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { type PredictionRecord, writeLogBatch } from '../model-server/prediction-log-store.js';
import { registerModelVersion } from '../models/model-registry.js';
import { OnnxGraph } from '../models/onnx/onnx-graph.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { oneNodeModel } from '../test-support/identity-models.js';
import { logPenguinPredictions, penguinsProject } from '../test-support/penguins-drift.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { checkDrift } from './check-drift.js';
import { compareDrift, type DriftComparison } from './compare-drift.js';
import { importedCard, importModelFile } from './import-model.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const MINUTE = 60_000;

/** The comparison run in this thread (the app runs it as a job on the worker pool), recording what it was given. */
function comparedHere(project: Project) {
  const given: DriftComparison[] = [];
  const compare = (comparison: DriftComparison) => {
    given.push(comparison);
    return compareDrift(project.db, project.path, comparison);
  };
  return { compare, given };
}

describe('drift between live inputs and the training data', () => {
  it('flags exactly the features shifted in the live window, with Evidently’s tests for a small reference', async () => {
    const { project, penguins } = await penguinsProject(temporaryFolder);
    const predictionLog = new PredictionLogConnection(project.path);
    const { compare, given } = comparedHere(project);
    const now = Date.UTC(2026, 11, 4, 12);
    // A random half: the data's rows alternate by sex, so every other row would differ from the whole.
    const random = seededRandom(7);
    const sample = penguins.filter(() => random.chance(0.5));
    logPenguinPredictions(predictionLog, sample, now - 150 * MINUTE);
    logPenguinPredictions(predictionLog, sample, now - 10 * MINUTE, (row) => ({
      ...row,
      'Flipper Length (mm)': typeof row['Flipper Length (mm)'] === 'number' ? row['Flipper Length (mm)'] + 15 : null,
      Island: row.Island === 'Torgersen' ? 'Biscoe' : (row.Island ?? null),
    }));

    const steady = await checkDrift(
      project,
      predictionLog,
      { model: 'species', windowMinutes: 30 },
      compare,
      now - 120 * MINUTE,
    );
    expect(steady).toMatchObject({
      model: 'species',
      version: 1,
      liveRows: sample.length,
      referenceRows: penguins.length,
      datasetDrift: false,
      driftedFeatures: 0,
    });
    expect(steady.referenceSource).toContain('table penguins');
    expect(steady.features.map((feature) => [feature.feature, feature.method])).toEqual(
      expect.arrayContaining([
        ['Island', 'chisquare'],
        ['Beak Length (mm)', 'ks'],
        ['Flipper Length (mm)', 'ks'],
      ]),
    );

    const shifted = await checkDrift(project, predictionLog, { model: 'species:1', windowMinutes: 30 }, compare, now);
    expect(given[1]).toEqual({
      model: 'species',
      version: 1,
      inputs: [
        { name: 'Island', kind: 'categorical' },
        { name: 'Beak Length (mm)', kind: 'numeric' },
        { name: 'Flipper Length (mm)', kind: 'numeric' },
      ],
      fromMs: now - 30 * MINUTE,
      toMs: now,
      windowMinutes: 30,
    });
    expect(
      shifted.features
        .filter((feature) => feature.drifted)
        .map((feature) => feature.feature)
        .sort(),
    ).toEqual(['Flipper Length (mm)', 'Island']);
    expect(shifted).toMatchObject({ driftedFeatures: 2, datasetDrift: true });
    expect(shifted.features[0]?.histogram.labels.length).toBeGreaterThan(1);
    // Both reports are kept, newest first: the alert history.
    expect(predictionLog.use((db) => listDriftReports(db, 'species', 10)).map((report) => report.datasetDrift)).toEqual(
      [true, false],
    );
    predictionLog.close();
    project.close();
  });

  it("splits an imported model's input with many values per row into the training table's columns it was registered with", async () => {
    const { project, penguins } = await penguinsProject(temporaryFolder);
    const predictionLog = new PredictionLogConnection(project.path);
    const { compare, given } = comparedHere(project);
    const columns = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'];
    const graph = new OnnxGraph();
    const input = graph.input('float_input', 'float', ['batch', 3]);
    graph.output(graph.op('Relu', [input], 'scores', {}), 'scores', 'float', ['batch', 3]);
    const file = join(temporaryFolder('files'), 'made-elsewhere.onnx');
    writeFileSync(file, graph.toBytes({ graphName: 'elsewhere', producerVersion: '1', docString: '', metadata: {} }));
    await importModelFile(project.db, project.path, {
      file,
      name: 'measured',
      description: '',
      trainingTable: 'penguins',
      inputColumns: columns,
    });
    const now = Date.UTC(2026, 11, 4, 12);
    const random = seededRandom(11);
    const sample = penguins.filter(
      (row) => columns.every((name) => typeof row[name] === 'number') && random.chance(0.5),
    );
    // Four rows to a request, as a client batches them; the beak depth shifted by 3 mm.
    const records: PredictionRecord[] = [];
    for (let start = 0; start + 4 <= sample.length; start += 4) {
      const rows = sample.slice(start, start + 4);
      records.push({
        timeMs: now - 20 * MINUTE + start * 1000,
        model: 'measured',
        version: 1,
        endpoint: 'infer',
        status: 200,
        latencyMicros: 200,
        rows: 4,
        inputs: JSON.stringify({
          float_input: rows.flatMap((row) =>
            columns.map((name) => (row[name] as number) + (name === 'Beak Depth (mm)' ? 3 : 0)),
          ),
        }),
        outputs: null,
        entities: null,
        error: null,
      });
    }
    predictionLog.use((db) => writeLogBatch(db, records, []));

    const report = await checkDrift(project, predictionLog, { model: 'measured', windowMinutes: 60 }, compare, now);
    expect(given[0]?.inputs).toEqual(
      columns.map((name, index) => ({ name, kind: 'numeric', column: { input: 'float_input', index, width: 3 } })),
    );
    expect(report).toMatchObject({ liveRows: records.length * 4, referenceRows: penguins.length, driftedFeatures: 1 });
    expect(report.features.filter((feature) => feature.drifted).map((feature) => feature.feature)).toEqual([
      'Beak Depth (mm)',
    ]);
    predictionLog.close();
    project.close();
  });

  it('says what is missing when there are no live inputs or no training data, before comparing anything', async () => {
    const { project } = await penguinsProject(temporaryFolder);
    const predictionLog = new PredictionLogConnection(project.path);
    const { compare, given } = comparedHere(project);
    const check = (model: string) =>
      rejectedTriadError(checkDrift(project, predictionLog, { model, windowMinutes: 60 }, compare));
    expect(await check('species')).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no predictions of species version 1 were logged in the last 60 minutes'),
    });
    expect(await check('nothing')).toMatchObject({ code: 'not_found' });

    const bytes = oneNodeModel('Identity', 'FP32', ['batch']);
    registerModelVersion(project.db, project.path, {
      name: 'imported',
      bytes,
      signature: readOnnxSignature(bytes, 'imported.onnx'),
      card: importedCard({}, ['x']),
      runId: null,
    });
    predictionLog.use((db) =>
      writeLogBatch(
        db,
        [
          {
            timeMs: Date.now() - MINUTE,
            model: 'imported',
            version: 1,
            endpoint: 'infer',
            status: 200,
            latencyMicros: 100,
            rows: 1,
            inputs: '{"x": [1.5]}',
            outputs: '{"y": [1.5]}',
            entities: null,
            error: null,
          },
        ],
        [],
      ),
    );
    expect(await check('imported')).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('imported version 1 has no training data on record'),
    });
    expect(given).toEqual([]);
    predictionLog.close();
    project.close();
  });
});
