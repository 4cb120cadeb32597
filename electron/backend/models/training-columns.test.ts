import { describe, expect, it } from 'vitest';
import type { ModelSignature, TensorSignature } from '../../../shared/contract/schemas.js';
import { penguinsProject } from '../test-support/penguins-drift.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { type TrainingColumnsRequest, trainingColumns } from './training-columns.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

const signature = (...inputs: TensorSignature[]): ModelSignature => ({
  inputs,
  outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
  irVersion: 8,
  opsets: { '': 17 },
  producer: 'skl2onnx',
  metadata: {},
});
const matrix = (name: string, width: number): TensorSignature => ({ name, datatype: 'FP32', shape: [-1, width] });
const column = (name: string): TensorSignature => ({ name, datatype: 'FP32', shape: [-1, 1] });
const request = (overrides: Partial<TrainingColumnsRequest>): TrainingColumnsRequest => ({
  trainingTable: 'penguins',
  inputColumns: null,
  matrixInput: null,
  ...overrides,
});

describe('recording where a model made elsewhere learnt from', () => {
  it('splits the input with many values per row into the named columns, and matches the others by name', async () => {
    const { project } = await penguinsProject(temporaryFolder);
    const columns = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'];
    expect(
      trainingColumns(
        project.db,
        signature(matrix('float_input', 3), column('Island')),
        request({ inputColumns: columns }),
      ),
    ).toEqual({ trainingTable: 'penguins', inputColumns: { float_input: columns } });
    const measures = ['Body Mass (g)', 'Flipper Length (mm)'];
    expect(
      trainingColumns(
        project.db,
        signature(matrix('beak', 2), matrix('body', 2), column('Island')),
        request({ inputColumns: { beak: columns.slice(0, 2), body: measures } }),
      ),
    ).toEqual({ trainingTable: 'penguins', inputColumns: { beak: columns.slice(0, 2), body: measures } });
    // Inputs named like members of every object are keys of their own, as any other name.
    const proto = '__proto__';
    const members = JSON.parse(JSON.stringify({ [proto]: measures, toString: columns.slice(0, 2) })) as Record<
      string,
      string[]
    >;
    const byMembers = trainingColumns(
      project.db,
      signature(matrix(proto, 2), matrix('toString', 2)),
      request({ inputColumns: members }),
    ).inputColumns as Record<string, string[]>;
    expect([Object.keys(byMembers), byMembers[proto], byMembers.toString]).toEqual([
      [proto, 'toString'],
      measures,
      columns.slice(0, 2),
    ]);
    expect(trainingColumns(project.db, signature(column('Island')), request({}))).toEqual({
      trainingTable: 'penguins',
      inputColumns: {},
    });
    expect(trainingColumns(project.db, signature(matrix('float_input', 3)), request({ trainingTable: null }))).toEqual({
      trainingTable: null,
    });
    project.close();
  });

  it('refuses, naming the problem, columns that do not fit the model or the table', async () => {
    const { project } = await penguinsProject(temporaryFolder);
    const refusal = (model: ModelSignature, overrides: Partial<TrainingColumnsRequest>) => {
      try {
        trainingColumns(project.db, model, request(overrides));
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    const oneMatrix = signature(matrix('float_input', 2));
    expect(refusal(oneMatrix, { trainingTable: 'pengiuns' })).toMatch(/^there is no table pengiuns \(tables: penguins/);
    expect(refusal(oneMatrix, {})).toBe(
      'input "float_input" takes 2 values per row: name the columns of penguins it takes, in order',
    );
    expect(refusal(oneMatrix, { inputColumns: ['Body Mass (g)'] })).toBe(
      'input "float_input" takes 2 values per row, but 1 column was named',
    );
    expect(refusal(oneMatrix, { inputColumns: ['Body Mass (g)', 'Body Mass (g)'] })).toBe(
      'column "Body Mass (g)" is named more than once',
    );
    expect(refusal(oneMatrix, { inputColumns: ['Body Mass (g)', 'Weight'] })).toMatch(
      /^table penguins has no column "Weight" \(its columns: "Species", "Island"/,
    );
    expect(refusal(oneMatrix, { trainingTable: null, inputColumns: ['Body Mass (g)', 'Sex'] })).toBe(
      'input columns are columns of the training table: name the table the model was trained on too',
    );
    expect(refusal(signature(column('Island')), { inputColumns: ['Sex'] })).toMatch(
      /^the model has no input with many values per row/,
    );
    expect(refusal(signature(column('island')), {})).toMatch(
      /^table penguins has no column "island" for the model's input of that name/,
    );
    expect(refusal(signature({ name: 'image', datatype: 'FP32', shape: [-1, 3, 8, 8] }), {})).toBe(
      'input "image" has 4 dimensions: only an input with one or many values per row is a table\'s columns',
    );
    const twoMatrices = signature(matrix('a', 2), matrix('b', 2));
    expect(refusal(twoMatrices, { inputColumns: ['Sex', 'Island'] })).toBe(
      'the model has 2 inputs with many values per row ("a", "b"): say which one the columns are',
    );
    expect(refusal(twoMatrices, { inputColumns: ['Sex', 'Island'], matrixInput: 'c' })).toBe(
      'the model has no input "c" (its inputs: "a", "b")',
    );
    expect(refusal(twoMatrices, { inputColumns: ['Sex', 'Island'], matrixInput: 'a' })).toBe(
      'input "b" takes 2 values per row: name the columns of penguins it takes, in order',
    );
    expect(
      refusal(signature(column('Island'), matrix('m', 2)), { inputColumns: ['Sex'], matrixInput: 'Island' }),
    ).toMatch(/^input "Island" takes one value per row/);
    expect(refusal(twoMatrices, { inputColumns: { a: ['Sex', 'Island'] } })).toBe(
      'input "b" takes 2 values per row: name the columns of penguins it takes, in order',
    );
    expect(refusal(twoMatrices, { inputColumns: { a: ['Sex', 'Island'], b: ['Sex'] } })).toBe(
      'input "b" takes 2 values per row, but 1 column was named',
    );
    expect(refusal(twoMatrices, { inputColumns: { a: ['Sex', 'Island'], c: ['Sex', 'Island'] } })).toBe(
      'the model has no input "c" (its inputs: "a", "b")',
    );
    expect(refusal(twoMatrices, { inputColumns: { a: ['Sex', 'Island'], b: ['Island', 'Species'] } })).toBe(
      'column "Island" is named for input "b" and is already named for input "a": each column stands for one input\'s values',
    );
    expect(refusal(signature(column('Island'), matrix('m', 2)), { inputColumns: ['Sex', 'Island'] })).toBe(
      'column "Island" is named for input "m" and is already the model\'s input of that name: each column stands for one input\'s values',
    );
    expect(refusal(twoMatrices, { inputColumns: { a: ['Sex', 'Island'] }, matrixInput: 'a' })).toBe(
      'the input columns name their inputs already: leave out the matrix input "a"',
    );
    project.close();
  });
});
