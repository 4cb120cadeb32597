import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import type { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { type PredictionRecord, writeLogBatch } from '../model-server/prediction-log-store.js';
import { importFile } from '../use-cases/import-file.js';
import { trainModelFromTable } from '../use-cases/train-model.js';

const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');
export const PENGUIN_FEATURES = ['Island', 'Beak Length (mm)', 'Flipper Length (mm)'];

export type Penguin = Record<string, string | number | null>;

/** The penguins data (vega-datasets) in a project, with model `species` version 1 trained on it. */
export async function penguinsProject(temporaryFolder: (prefix?: string) => string) {
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
    features: PENGUIN_FEATURES,
    validTable: null,
    validFraction: 0,
    seed: 0,
    register: 'species',
    out: null,
  });
  return { project, penguins };
}

/** Logs each penguin as one answered prediction of species version 1, a second apart from `startMs`. */
export function logPenguinPredictions(
  predictionLog: PredictionLogConnection,
  penguins: Penguin[],
  startMs: number,
  shift: (row: Penguin) => Penguin = (row) => row,
) {
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
      inputs: JSON.stringify(
        Object.fromEntries(PENGUIN_FEATURES.map((feature) => [feature, [shifted[feature] ?? null]])),
      ),
      outputs: JSON.stringify({ label: ['Adelie'] }),
      entities: null,
      error: null,
    };
  });
  predictionLog.use((db) => writeLogBatch(db, records, []));
}
