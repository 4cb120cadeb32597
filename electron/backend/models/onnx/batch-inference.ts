import * as ort from 'onnxruntime-node';
import { TriadError } from '../../../../shared/contract/errors.js';
import type { ModelSignature, TensorSignature } from '../../../../shared/contract/schemas.js';
import { categoryValue, type FrameColumn, numericValue } from '../preprocessing.js';
import { byTensorName } from './by-tensor-name.js';

/** A column of predictions as it will be written: text, whole numbers or reals. */
export interface PredictionColumn {
  name: string;
  type: 'text' | 'integer' | 'real';
  values: (string | number | null)[];
}

/** Rows fed to the model per run: large enough to amortize a call, small enough to bound memory. */
export const INFERENCE_BATCH_ROWS = 65_536;

const NUMERIC_INPUTS = new Set([
  'FP16',
  'FP32',
  'FP64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'BOOL',
]);

/** The table columns a model reads, by input name, checked for type; refuses naming what is missing or wrong. */
export function columnsForInputs<Column extends Pick<FrameColumn, 'name' | 'type'>>(
  signature: ModelSignature,
  columns: readonly Column[],
  table: string,
): Column[] {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const missing = signature.inputs.filter((input) => !byName.has(input.name));
  if (missing.length > 0)
    throw new TriadError(
      'invalid_input',
      `table ${table} has no column ${missing.map((input) => input.name).join(', ')}, which the model takes as input (its columns: ${columns.map((column) => column.name).join(', ')})`,
    );
  return signature.inputs.map((input) => {
    const column = byName.get(input.name) as Column;
    const textual = column.type === 'text' || column.type === 'json';
    if (input.datatype !== 'BYTES' && !NUMERIC_INPUTS.has(input.datatype))
      throw new TriadError(
        'invalid_input',
        `the model's input ${input.name} takes ${input.datatype}, which Triad cannot feed from a table`,
      );
    if (NUMERIC_INPUTS.has(input.datatype) && (textual || column.type === 'binary'))
      throw new TriadError(
        'invalid_input',
        `the model's input ${input.name} takes numbers (${input.datatype}) but column ${column.name} holds ${column.type} values`,
      );
    return column;
  });
}

function inputShape(input: TensorSignature, rows: number): number[] {
  const shape = input.shape ?? [-1, 1];
  return shape.map((dim, index) => (index === 0 ? rows : dim < 0 ? 1 : dim));
}

/** Numbers into a typed array with a plain loop: TypedArray.from with a mapping function is many times slower. */
function numbersInto<T extends Float64Array | Float32Array>(target: T, values: readonly unknown[]): T {
  for (let index = 0; index < values.length; index++) target[index] = numericValue(values[index]);
  return target;
}

/** One column of values as the tensor an input takes: [rows, 1] of its type (text as strings). */
export function columnTensor(input: TensorSignature, values: readonly unknown[], name: string): ort.Tensor {
  const shape = inputShape(input, values.length);
  if (shape.slice(1).some((dim) => dim !== 1))
    throw new TriadError(
      'invalid_input',
      `the model's input ${input.name} takes [${(input.shape ?? []).join(', ')}] per call, not one value per row: Triad feeds one column per input`,
    );
  switch (input.datatype) {
    case 'BYTES':
      return new ort.Tensor(
        'string',
        values.map((value) => categoryValue(value) ?? ''),
        shape,
      );
    case 'FP64':
      return new ort.Tensor('float64', numbersInto(new Float64Array(values.length), values), shape);
    case 'FP32':
      return new ort.Tensor('float32', numbersInto(new Float32Array(values.length), values), shape);
    case 'BOOL':
      return new ort.Tensor(
        'bool',
        Uint8Array.from(values, (value) => (numericValue(value) ? 1 : 0)),
        shape,
      );
    default: {
      const whole = values.map((value) => {
        const number = numericValue(value);
        if (!Number.isInteger(number))
          throw new TriadError(
            'invalid_input',
            `column ${name} holds ${Number.isNaN(number) ? 'a missing value' : number}, which the model's ${input.datatype} input ${input.name} cannot take`,
          );
        return number;
      });
      if (input.datatype === 'INT64')
        return new ort.Tensor(
          'int64',
          BigInt64Array.from(whole, (number) => BigInt(number)),
          shape,
        );
      if (input.datatype === 'INT32') return new ort.Tensor('int32', Int32Array.from(whole), shape);
      throw new TriadError(
        'invalid_input',
        `the model's input ${input.name} takes ${input.datatype}, which Triad cannot feed from a table yet`,
      );
    }
  }
}

/** The output tensors worth writing: tensors with one row per input row. */
function tensorOutputs(signature: ModelSignature): TensorSignature[] {
  return signature.outputs.filter((output) => output.shape !== null && !output.datatype.includes('<'));
}

/** How one output becomes columns: its classes name probability columns, a single column keeps the output's name. */
function outputColumnNames(
  output: TensorSignature,
  width: number,
  classes: readonly (string | number)[] | null,
): string[] {
  if (width === 1) return [output.name === 'label' || output.name === 'variable' ? 'prediction' : output.name];
  if (output.name === 'probabilities' && classes && classes.length === width)
    return classes.map((value) => `probability_${value}`);
  return Array.from({ length: width }, (_, index) => `${output.name}_${index}`);
}

function plainValue(value: unknown): string | number | null {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  return value === null || value === undefined ? null : String(value);
}

/** A batch's output values into their columns at `offset`, row by row; reals NaN-free (missing becomes null). */
function copyOutput(
  data: ArrayLike<unknown>,
  width: number,
  targets: (string | number | null)[][],
  offset: number,
  count: number,
): void {
  const reals = data instanceof Float64Array || data instanceof Float32Array;
  for (let k = 0; k < width; k++) {
    const target = targets[k] as (string | number | null)[];
    for (let row = 0; row < count; row++) {
      const value = data[row * width + k];
      target[offset + row] = reals ? (Number.isNaN(value) ? null : (value as number)) : plainValue(value);
    }
  }
}

/**
 * Scores every row of the columns through onnxruntime in batches, in row order, and returns the
 * model's tensor outputs as columns (a Triad classifier's as `prediction` and `probability_<class>`).
 */
export async function predictColumns(
  model: Uint8Array,
  signature: ModelSignature,
  columns: readonly FrameColumn[],
  onBatch?: (rowsDone: number) => void,
): Promise<PredictionColumn[]> {
  const outputs = tensorOutputs(signature);
  if (outputs.length === 0) throw new TriadError('invalid_input', 'the model has no tensor output to write as columns');
  const classesText = signature.metadata['triad.classes'];
  const classes = classesText ? (JSON.parse(classesText) as (string | number)[]) : null;
  const rows = columns[0]?.values.length ?? 0;
  const session = await ort.InferenceSession.create(model);
  const result: PredictionColumn[] = [];
  try {
    for (let start = 0; start < rows; start += INFERENCE_BATCH_ROWS) {
      const end = Math.min(rows, start + INFERENCE_BATCH_ROWS);
      const feeds = byTensorName<ort.Tensor>();
      signature.inputs.forEach((input, index) => {
        const column = columns[index] as FrameColumn;
        feeds[input.name] = columnTensor(input, column.values.slice(start, end), column.name);
      });
      const fetched = await session.run(
        feeds,
        outputs.map((output) => output.name),
      );
      outputs.forEach((output) => {
        const tensor = fetched[output.name] as ort.Tensor;
        const width = tensor.dims.length > 1 ? tensor.dims.slice(1).reduce((a, b) => a * b, 1) : 1;
        const names = outputColumnNames(output, width, classes);
        if (start === 0)
          for (const name of names)
            result.push({
              name,
              type: tensor.type === 'string' ? 'text' : tensor.type.startsWith('float') ? 'real' : 'integer',
              values: new Array(rows),
            });
        const first = result.findIndex((column) => column.name === names[0]);
        copyOutput(
          tensor.data as ArrayLike<unknown>,
          width,
          result.slice(first, first + width).map((column) => column.values),
          start,
          end - start,
        );
      });
      onBatch?.(end);
    }
  } finally {
    await session.release();
  }
  return result;
}
