import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectedTriadError } from '../../../shared/test-support/refusals.js';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { listDriftReports } from '../model-server/drift-report-store.js';
import { type PredictionRecord, withPredictionLog, writeLogBatch } from '../model-server/prediction-log-store.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { checkDrift } from './check-drift.js';
import { importFile } from './import-file.js';
import { trainModelFromTable } from './train-model.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');
const FEATURES = ['Island', 'Beak Length (mm)', 'Flipper Length (mm)'];
const MINUTE = 60_000;

type Penguin = Record<string, string | number | null>;

/** The penguins data (vega-datasets) in a project, with a model trained on it. */
async function penguinsProject() {
  const dir = join(temporaryFolder('drift'), 'project');
  createProject(dir).close();
  const penguins = JSON.parse(readFileSync(join(VEGA, 'penguins.json'), 'utf8')) as Penguin[];
  const file = join(temporaryFolder('files'), 'penguins.ndjson');
  writeFileSync(file, penguins.map((record) => JSON.stringify(record)).join('\n'));
  await importFile(join(dir, DATABASE_FILE), { file, table: 'penguins', mode: 'replace' });
  const project = openProject(dir);
  trainModelFromTable(project.db, project.path, {
    table: 'penguins',
    label: 'Species',
    algorithm: 'logreg',
    params: {},
    features: FEATURES,
    validTable: null,
    validFraction: 0,
    seed: 0,
    register: 'species',
    out: null,
  });
  return { project, penguins };
}

/** Logs each penguin as one answered prediction, a second apart from `startMs`. */
function logPredictions(projectDir: string, penguins: Penguin[], startMs: number, shift: (row: Penguin) => Penguin) {
  const records: PredictionRecord[] = penguins.map((row, index) => {
    const shifted = shift(row);
    return {
      timeMs: startMs + index * 1000,
      model: 'species',
      version: 1,
      endpoint: 'infer',
      status: 200,
      latencyMicros: 300,
      rows: 1,
      inputs: JSON.stringify(Object.fromEntries(FEATURES.map((feature) => [feature, [shifted[feature] ?? null]]))),
      outputs: JSON.stringify({ label: ['Adelie'] }),
      entities: null,
      error: null,
    };
  });
  withPredictionLog(projectDir, (db) => writeLogBatch(db, records, []));
}

describe('drift between live inputs and the training data', () => {
  it('flags exactly the features shifted in the live window, with Evidently’s tests for a small reference', async () => {
    const { project, penguins } = await penguinsProject();
    const now = Date.UTC(2026, 11, 4, 12);
    // A random half: the data's rows alternate by sex, so every other row would differ from the whole.
    const random = seededRandom(7);
    const sample = penguins.filter(() => random.chance(0.5));
    logPredictions(project.path, sample, now - 150 * MINUTE, (row) => row);
    logPredictions(project.path, sample, now - 10 * MINUTE, (row) => ({
      ...row,
      'Flipper Length (mm)': typeof row['Flipper Length (mm)'] === 'number' ? row['Flipper Length (mm)'] + 15 : null,
      Island: row.Island === 'Torgersen' ? 'Biscoe' : row.Island,
    }));

    const steady = await checkDrift(project, { model: 'species', windowMinutes: 30 }, now - 120 * MINUTE);
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

    const shifted = await checkDrift(project, { model: 'species:1', windowMinutes: 30 }, now);
    expect(
      shifted.features
        .filter((feature) => feature.drifted)
        .map((feature) => feature.feature)
        .sort(),
    ).toEqual(['Flipper Length (mm)', 'Island']);
    expect(shifted).toMatchObject({ driftedFeatures: 2, datasetDrift: true });
    expect(shifted.features[0]?.histogram.labels.length).toBeGreaterThan(1);
    // Both reports are kept, newest first: the alert history.
    expect(
      withPredictionLog(project.path, (db) => listDriftReports(db, 'species', 10)).map((report) => report.datasetDrift),
    ).toEqual([true, false]);
    project.close();
  });

  it('says what is missing when there are no live inputs or no training data', async () => {
    const { project } = await penguinsProject();
    expect(await rejectedTriadError(checkDrift(project, { model: 'species', windowMinutes: 60 }))).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('no predictions of species version 1 were logged in the last 60 minutes'),
    });
    expect(await rejectedTriadError(checkDrift(project, { model: 'nothing', windowMinutes: 60 }))).toMatchObject({
      code: 'not_found',
    });
    project.close();
  });
});
