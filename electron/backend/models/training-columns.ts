import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { InputColumns } from '../../../shared/contract/input-columns.js';
import type { ModelCard, ModelSignature, TensorSignature } from '../../../shared/contract/schemas.js';
import { catalogColumns } from '../db/table-catalog.js';
import { byTensorName } from './onnx/by-tensor-name.js';

/** Where a model made elsewhere learnt from, as the user names it when registering the file. */
export interface TrainingColumnsRequest {
  /** The project table the model was trained on; null when not known. */
  trainingTable: string | null;
  /** The table's columns, in order, that the model's inputs with many values per row take. */
  inputColumns: InputColumns | null;
  /** Which input a list of columns is; null for the model's only input with many values per row. */
  matrixInput: string | null;
}

/** An input with one value per row ([-1], [-1, 1] or of unknown shape): one column of a table. */
export function takesOneValuePerRow(input: TensorSignature): boolean {
  return input.shape === null || input.shape.length === 1 || (input.shape.length === 2 && input.shape[1] === 1);
}

/** An input with many values per row ([-1, k], k > 1 or dynamic): k columns of a table. */
function takesManyValuesPerRow(input: TensorSignature): boolean {
  return input.shape !== null && input.shape.length === 2 && input.shape[1] !== 1;
}

const listed = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

function matrixInputNamed(signature: ModelSignature, matrixInput: string | null): TensorSignature {
  const matrices = signature.inputs.filter(takesManyValuesPerRow);
  if (matrixInput !== null) {
    const input = signature.inputs.find((candidate) => candidate.name === matrixInput);
    if (!input)
      throw new TriadError(
        'invalid_input',
        `the model has no input "${matrixInput}" (its inputs: ${listed(signature.inputs.map((candidate) => candidate.name))})`,
      );
    if (!takesManyValuesPerRow(input))
      throw new TriadError(
        'invalid_input',
        `input "${matrixInput}" takes one value per row: it is matched to the training table's column of its name, not given columns`,
      );
    return input;
  }
  if (matrices.length === 1) return matrices[0] as TensorSignature;
  throw new TriadError(
    'invalid_input',
    matrices.length === 0
      ? 'the model has no input with many values per row: its inputs are matched to the training table by name, so leave out the input columns'
      : `the model has ${matrices.length} inputs with many values per row (${listed(matrices.map((input) => input.name))}): say which one the columns are`,
  );
}

function checkedColumns(input: TensorSignature, columns: string[], tableColumns: Set<string>, table: string): string[] {
  const width = input.shape?.[1] ?? -1;
  if (width > 0 && columns.length !== width)
    throw new TriadError(
      'invalid_input',
      `input "${input.name}" takes ${width} values per row, but ${columns.length} column${columns.length === 1 ? ' was' : 's were'} named`,
    );
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length > 0)
    throw new TriadError('invalid_input', `column ${listed([...new Set(repeated)])} is named more than once`);
  const missing = columns.filter((column) => !tableColumns.has(column));
  if (missing.length > 0)
    throw new TriadError(
      'invalid_input',
      `table ${table} has no column ${listed(missing)} (its columns: ${listed([...tableColumns])})`,
    );
  return columns;
}

/**
 * The card's record of where a model made elsewhere learnt from, checked against the project:
 * the table exists, each input with one value per row is a column of it, and each input with
 * many values per row is split into named columns of it, as many as the input takes. Drift compares
 * live inputs with these columns.
 */
export function trainingColumns(
  db: Database.Database,
  signature: ModelSignature,
  request: TrainingColumnsRequest,
): Pick<ModelCard, 'trainingTable' | 'inputColumns'> {
  const table = request.trainingTable;
  if (table === null) {
    if (request.inputColumns !== null || request.matrixInput !== null)
      throw new TriadError(
        'invalid_input',
        'input columns are columns of the training table: name the table the model was trained on too',
      );
    return { trainingTable: null };
  }
  const tableColumns = new Set(catalogColumns(db, table).map((column) => column.name));
  const inputColumns = byTensorName<string[]>();
  if (Array.isArray(request.inputColumns)) {
    const input = matrixInputNamed(signature, request.matrixInput);
    inputColumns[input.name] = checkedColumns(input, request.inputColumns, tableColumns, table);
  } else if (request.inputColumns !== null) {
    if (request.matrixInput !== null)
      throw new TriadError(
        'invalid_input',
        `the input columns name their inputs already: leave out the matrix input "${request.matrixInput}"`,
      );
    for (const [name, columns] of Object.entries(request.inputColumns))
      inputColumns[name] = checkedColumns(matrixInputNamed(signature, name), columns, tableColumns, table);
  } else if (request.matrixInput !== null)
    throw new TriadError('invalid_input', `name the columns of input "${request.matrixInput}" too`);
  for (const input of signature.inputs) {
    if (!takesOneValuePerRow(input) && !takesManyValuesPerRow(input))
      throw new TriadError(
        'invalid_input',
        `input "${input.name}" has ${input.shape?.length} dimensions: only an input with one or many values per row is a table's columns`,
      );
    if (takesOneValuePerRow(input)) {
      if (!tableColumns.has(input.name))
        throw new TriadError(
          'invalid_input',
          `table ${table} has no column "${input.name}" for the model's input of that name (its columns: ${listed([...tableColumns])})`,
        );
    } else if (!inputColumns[input.name]) {
      const width = input.shape?.[1] ?? -1;
      throw new TriadError(
        'invalid_input',
        `input "${input.name}" takes ${width > 0 ? width : 'many'} values per row: name the columns of ${table} it takes, in order`,
      );
    }
  }
  assertEachColumnOnce(signature, inputColumns);
  return { trainingTable: table, inputColumns };
}

/** Drift names each feature by its column, so one column cannot stand for two inputs' values. */
function assertEachColumnOnce(signature: ModelSignature, inputColumns: Record<string, string[]>): void {
  const takenBy = new Map<string, string>();
  for (const input of signature.inputs) if (takesOneValuePerRow(input)) takenBy.set(input.name, input.name);
  for (const [input, columns] of Object.entries(inputColumns))
    for (const column of columns) {
      const other = takenBy.get(column);
      if (other !== undefined)
        throw new TriadError(
          'invalid_input',
          `column "${column}" is named for input "${input}" and is already ${other === column ? "the model's input of that name" : `named for input "${other}"`}: each column stands for one input's values`,
        );
      takenBy.set(column, input);
    }
}
