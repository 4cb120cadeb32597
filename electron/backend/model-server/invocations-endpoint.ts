import type * as ort from 'onnxruntime-node';
import type { TensorSignature } from '../../../shared/contract/schemas.js';
import { byTensorName } from '../models/onnx/by-tensor-name.js';
import { isJsonObject, parseRequestJson } from './exact-json.js';
import { HttpError, refusingBadInput } from './http-error.js';
import type { LoadedModel } from './loaded-model.js';
import { plainValues, rowValue } from './plain-values.js';
import { decodeInputTensor } from './tensor-codec.js';

const FORMATS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

type Columns = Map<string, unknown[]>;

function splitColumns(split: unknown): Columns {
  if (!isJsonObject(split) || !Array.isArray(split.columns) || !Array.isArray(split.data))
    throw new HttpError(400, 'dataframe_split takes {"columns": [...], "data": [[...], ...]}');
  const names = split.columns.map(String);
  const columns: Columns = new Map(names.map((name) => [name, []]));
  split.data.forEach((row, index) => {
    if (!Array.isArray(row) || row.length !== names.length)
      throw new HttpError(400, `dataframe_split row ${index} does not have ${names.length} values, one per column`);
    row.forEach((value, column) => {
      (columns.get(names[column] as string) as unknown[]).push(value);
    });
  });
  return columns;
}

function recordColumns(records: unknown): Columns {
  if (!Array.isArray(records)) throw new HttpError(400, 'dataframe_records takes a list of {column: value} objects');
  const columns: Columns = new Map();
  records.forEach((record, row) => {
    if (!isJsonObject(record)) throw new HttpError(400, `dataframe_records entry ${row} is not an object`);
    for (const [name, value] of Object.entries(record)) {
      let column = columns.get(name);
      if (!column) {
        column = new Array(row).fill(null);
        columns.set(name, column);
      }
      column.push(value);
    }
    for (const column of columns.values()) if (column.length === row) column.push(null);
  });
  return columns;
}

/** `instances` (rows) or `inputs` (columns) for the model's inputs, as MLflow's tensor formats take them. */
function tensorColumns(value: unknown, inputs: TensorSignature[], format: 'instances' | 'inputs'): Columns {
  const only = inputs.length === 1 ? (inputs[0] as TensorSignature).name : null;
  if (Array.isArray(value)) {
    if (format === 'instances' && value.every(isJsonObject)) return recordColumns(value);
    if (only === null)
      throw new HttpError(
        400,
        `the model takes ${inputs.length} inputs (${inputs.map((input) => input.name).join(', ')}): name them, e.g. {"${format}": ${format === 'inputs' ? '{"name": [...]}' : '[{"name": value}]'}}`,
      );
    return new Map([[only, value]]);
  }
  if (format === 'inputs' && isJsonObject(value)) {
    const columns: Columns = new Map();
    for (const [name, column] of Object.entries(value)) {
      if (!Array.isArray(column)) throw new HttpError(400, `inputs.${name} is not a list`);
      columns.set(name, column);
    }
    return columns;
  }
  throw new HttpError(400, `${format} takes a list${format === 'inputs' ? ' or an object of lists' : ''}`);
}

function dimsOf(rows: unknown[]): number[] {
  const dims = [rows.length];
  let sample: unknown = rows[0];
  while (Array.isArray(sample)) {
    dims.push(sample.length);
    sample = sample[0];
  }
  return dims;
}

/** The model's inputs from named columns: one column per input, or every column into a single wide input. */
function feedsFromColumns(columns: Columns, inputs: TensorSignature[]): Record<string, ort.Tensor> {
  const feeds = byTensorName<ort.Tensor>();
  const only = inputs.length === 1 ? (inputs[0] as TensorSignature) : null;
  const width = only?.shape?.[1] ?? -1;
  const wide = only && !columns.has(only.name) && (width === -1 || width === columns.size) && columns.size > 1;
  if (only && wide) {
    const names = [...columns.keys()];
    const rows = (columns.get(names[0] as string) as unknown[]).length;
    const data: unknown[] = [];
    for (let row = 0; row < rows; row++) for (const name of names) data.push((columns.get(name) as unknown[])[row]);
    feeds[only.name] = decodeInputTensor(
      { name: only.name, datatype: only.datatype, shape: [rows, names.length], data },
      only,
    );
    return feeds;
  }
  for (const input of inputs) {
    const column = columns.get(input.name);
    if (!column)
      throw new HttpError(
        400,
        `the request has no column ${input.name}, which the model takes as input (it has: ${[...columns.keys()].join(', ') || 'none'})`,
      );
    const dims = dimsOf(column);
    const shape = dims.length === 1 && input.shape?.length === 2 ? [dims[0] as number, 1] : dims;
    feeds[input.name] = decodeInputTensor(
      { name: input.name, datatype: input.datatype, shape, data: column.flat(Number.POSITIVE_INFINITY) },
      input,
    );
  }
  return feeds;
}

function columnsOf(body: Record<string, unknown>, inputs: TensorSignature[]): Columns {
  const given = FORMATS.filter((format) => format in body);
  if (given.length !== 1)
    throw new HttpError(
      400,
      given.length === 0
        ? `the body needs one of ${FORMATS.join(', ')} (MLflow's scoring formats)`
        : `the body has ${given.join(' and ')}: send exactly one`,
    );
  const format = given[0] as (typeof FORMATS)[number];
  if (format === 'dataframe_split') return splitColumns(body.dataframe_split);
  if (format === 'dataframe_records') return recordColumns(body.dataframe_records);
  return tensorColumns(body[format], inputs, format);
}

/** MLflow's answer: each row's value when the model has one output, else a record of its outputs per row. */
function predictions(outputs: Record<string, ort.Tensor>, rows: number): unknown[] {
  const entries = Object.entries(outputs).map(
    ([name, tensor]) => [name, plainValues(tensor) ?? [], tensor.dims] as const,
  );
  const result: unknown[] = [];
  for (let row = 0; row < rows; row++) {
    if (entries.length === 1) {
      const [, values, dims] = entries[0] as (typeof entries)[number];
      result.push(rowValue(values, dims, row));
    } else result.push(Object.fromEntries(entries.map(([name, values, dims]) => [name, rowValue(values, dims, row)])));
  }
  return result;
}

/** MLflow's `POST /invocations` for the model: a dataframe or tensors in, `{"predictions": [...]}` out. */
export async function answerInvocations(model: LoadedModel, body: Buffer) {
  const parsed = refusingBadInput(() => parseRequestJson(body.toString('utf8')));
  if (!isJsonObject(parsed)) throw new HttpError(400, 'the body must be a JSON object');
  const inputs = model.served.signature.inputs;
  const feeds = refusingBadInput(() => feedsFromColumns(columnsOf(parsed, inputs), inputs));
  const rows = Number(Object.values(feeds)[0]?.dims[0] ?? 0);
  const outputs = await model.infer(feeds);
  return {
    body: { predictions: predictions(outputs, rows) },
    log: { rows, inputs: feeds, outputs },
  };
}
