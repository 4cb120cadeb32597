import * as ort from 'onnxruntime-node';
import { TriadError } from '../../../shared/contract/errors.js';
import type { NumericArray } from './datatypes.js';

/** Requests whose tensors share this key can be batched together along dimension 0. */
export function batchKey(tensor: ort.Tensor): string {
  return `${tensor.type}:${tensor.dims.slice(1).join(',')}`;
}

/** One tensor holding every request's rows in order (the first tensor itself when there is one). */
export function concatenateBatch(tensors: readonly ort.Tensor[]): ort.Tensor {
  const [first] = tensors;
  if (first === undefined) throw new TriadError('internal', 'a batch needs at least one tensor');
  if (first.dims.length === 0) throw new TriadError('internal', 'a tensor without dimensions cannot be batched');
  if (tensors.length === 1) return first;
  const key = batchKey(first);
  let rows = 0;
  let total = 0;
  for (const tensor of tensors) {
    if (batchKey(tensor) !== key)
      throw new TriadError('internal', `cannot batch a ${batchKey(tensor)} tensor with ${key} tensors`);
    rows += tensor.dims[0] as number;
    total += tensor.size;
  }
  const dims = [rows, ...first.dims.slice(1)];
  if (first.type === 'string')
    return new ort.Tensor(
      'string',
      tensors.flatMap((tensor) => tensor.data as string[]),
      dims,
    );
  const data = first.data as NumericArray;
  const out = new (data.constructor as new (length: number) => NumericArray)(total);
  let at = 0;
  for (const tensor of tensors) {
    const part = tensor.data as NumericArray;
    (out as Float64Array).set(part as Float64Array, at);
    at += part.length;
  }
  return new ort.Tensor(first.type as 'float32', out as Float32Array, dims);
}

/** Splits a batch output back into one tensor per request, `rowCounts[i]` rows each, copying the rows. */
export function splitBatch(tensor: ort.Tensor, rowCounts: readonly number[]): ort.Tensor[] {
  const rows = rowCounts.reduce((sum, count) => sum + count, 0);
  if (tensor.dims.length === 0 || tensor.dims[0] !== rows)
    throw new TriadError(
      'invalid_output',
      `the model returned a tensor of shape [${tensor.dims.join(', ')}] for a batch of ${rows} rows; batched outputs need the batch as dimension 0`,
    );
  if (rowCounts.length === 1) return [tensor];
  const trailing = tensor.dims.slice(1);
  const rowSize = trailing.reduce((product, dim) => product * dim, 1);
  const data = tensor.data as NumericArray | string[];
  const pieces: ort.Tensor[] = [];
  let start = 0;
  for (const count of rowCounts) {
    const piece = data.slice(start * rowSize, (start + count) * rowSize);
    pieces.push(new ort.Tensor(tensor.type as 'float32', piece as Float32Array, [count, ...trailing]));
    start += count;
  }
  return pieces;
}
