import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { rejectedTriadError } from '../../../shared/test-support/refusals.js';
import { createProject, DATABASE_FILE, openProject } from '../db/project-folder.js';
import { OnnxGraph } from '../models/onnx/onnx-graph.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importFile } from './import-file.js';
import { type PredictRequest, predictTable } from './predict-table.js';
import { trainModelFromTable } from './train-model.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const VEGA = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');

async function penguinsProject() {
  const dir = join(temporaryFolder('predict'), 'project');
  createProject(dir).close();
  const file = join(temporaryFolder('files'), 'penguins.ndjson');
  const records = JSON.parse(readFileSync(join(VEGA, 'penguins.json'), 'utf8')) as object[];
  writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n'));
  await importFile(join(dir, DATABASE_FILE), { file, table: 'penguins', mode: 'replace' });
  const project = openProject(dir);
  const trained = trainModelFromTable(project.db, project.path, {
    table: 'penguins',
    label: 'Species',
    algorithm: 'logreg',
    params: {},
    features: ['Island', 'Beak Length (mm)', 'Flipper Length (mm)'],
    validTable: null,
    validFraction: 0,
    seed: 0,
    register: 'species',
    out: null,
  });
  return { project, trained };
}

/** A model made elsewhere: FP32 input named after a column, a doubled FP32 output. */
function doublingModel(input: string): Uint8Array {
  const graph = new OnnxGraph();
  const x = graph.input(input, 'float', ['batch', 1]);
  const two = graph.op('Cast', [graph.constant('two', 'double', [], [2])], 'two_float', { to: { int: 1 } });
  graph.output(graph.op('Mul', [x, two], 'product'), 'doubled', 'float', ['batch', 1]);
  return graph.toBytes({ graphName: 'doubling', producerVersion: 'test', docString: '', metadata: {} });
}

describe('scoring a table with a model', () => {
  it('writes a label and a probability per class for every row, in row order, to CSV, Parquet or a table', async () => {
    const { project } = await penguinsProject();
    const request = (changes: Partial<PredictRequest>): PredictRequest => ({
      model: 'species',
      table: 'penguins',
      out: null,
      into: null,
      ...changes,
    });
    const csv = join(temporaryFolder('out'), 'scores.csv');
    const result = await predictTable(project.db, project.path, request({ out: csv }));
    expect(result).toMatchObject({
      model: 'species (version 1)',
      rows: 344,
      columns: ['prediction', 'probability_Adelie', 'probability_Chinstrap', 'probability_Gentoo'],
    });
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(345);
    expect(lines[0]).toBe('prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo');
    expect(lines[1]).toMatch(/^Adelie,0\.9\d*,/);

    const parquet = join(temporaryFolder('out'), 'scores.parquet');
    await predictTable(project.db, project.path, request({ model: 'species:1', out: parquet }));
    const file = readFileSync(parquet);
    const rows = await parquetReadObjects({
      file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
    });
    expect(rows).toHaveLength(344);
    expect(rows.map((row) => row.prediction)).toEqual(lines.slice(1).map((line) => line.split(',')[0]));

    await predictTable(project.db, project.path, request({ into: 'penguin_scores' }));
    expect(project.db.prepare('SELECT count(*) AS n FROM penguin_scores').get()).toEqual({ n: 344 });
    expect(
      project.db
        .prepare("SELECT name, type FROM triad_columns WHERE table_name = 'penguin_scores' ORDER BY position")
        .all(),
    ).toEqual([
      { name: 'prediction', type: 'text' },
      { name: 'probability_Adelie', type: 'real' },
      { name: 'probability_Chinstrap', type: 'real' },
      { name: 'probability_Gentoo', type: 'real' },
    ]);
    project.close();
  });

  it('feeds a model made elsewhere by input name and writes its outputs', async () => {
    const { project } = await penguinsProject();
    const model = join(temporaryFolder('models'), 'doubling.onnx');
    writeFileSync(model, doublingModel('Body Mass (g)'));
    const out = join(temporaryFolder('out'), 'doubled.csv');
    const result = await predictTable(project.db, project.path, { model, table: 'penguins', out, into: null });
    expect(result.columns).toEqual(['doubled']);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, 3)).toEqual(['doubled', '7500', '7600']);
    project.close();
  });

  it('feeds inputs named like members of every object (__proto__, toString) by their names', async () => {
    const dir = join(temporaryFolder('predict'), 'project');
    createProject(dir).close();
    const csv = join(temporaryFolder('files'), 'members.csv');
    writeFileSync(csv, '__proto__,toString\n1.5,10\n2.5,20\n');
    await importFile(join(dir, DATABASE_FILE), { file: csv, table: 'members', mode: 'replace' });
    const project = openProject(dir);
    for (const [input, expected] of [
      ['__proto__', ['doubled', '3', '5']],
      ['toString', ['doubled', '20', '40']],
    ] as const) {
      const model = join(temporaryFolder('models'), `${input}.onnx`);
      writeFileSync(model, doublingModel(input));
      const out = join(temporaryFolder('out'), `${input}.csv`);
      await predictTable(project.db, project.path, { model, table: 'members', out, into: null });
      expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual(expected);
    }
    project.close();
  });

  it('refuses what it cannot score, naming the input, column, model or destination', async () => {
    const { project } = await penguinsProject();
    const refusal = async (request: Partial<PredictRequest>) =>
      (
        await rejectedTriadError(
          predictTable(project.db, project.path, {
            model: 'species',
            table: 'penguins',
            out: null,
            into: 'scores',
            ...request,
          }),
        )
      ).message;
    const folder = temporaryFolder('models');
    const missingInput = join(folder, 'needs-weight.onnx');
    writeFileSync(missingInput, doublingModel('weight'));
    expect(await refusal({ model: missingInput })).toBe(
      'table penguins has no column weight, which the model takes as input (its columns: Species, Island, Beak Length (mm), Beak Depth (mm), Flipper Length (mm), Body Mass (g), Sex)',
    );
    const textInput = join(folder, 'reads-island.onnx');
    writeFileSync(textInput, doublingModel('Island'));
    expect(await refusal({ model: textInput })).toBe(
      "the model's input Island takes numbers (FP32) but column Island holds text values",
    );
    const notOnnx = join(folder, 'fake.onnx');
    writeFileSync(notOnnx, 'species,score\n');
    expect(await refusal({ model: notOnnx })).toMatch(/ is not an ONNX model/);
    expect(await refusal({ model: 'churn' })).toBe('there is no registered model churn (registered: species)');
    expect(await refusal({ into: null })).toBe(
      'say where the predictions go: --out FILE.csv or FILE.parquet, or --into TABLE (one of them)',
    );
    expect(await refusal({ into: 'penguins' })).toBe(
      '--into penguins would replace the table being scored: choose another table',
    );
    expect(await refusal({ into: null, out: 'scores.json' })).toBe(
      '--out scores.json: write predictions to a .csv or .parquet file',
    );
    expect(await refusal({ into: null, out: '/no/such/folder/scores.csv' })).toBe(
      '--out /no/such/folder/scores.csv: there is no folder /no/such/folder',
    );
    project.close();
  });
});
