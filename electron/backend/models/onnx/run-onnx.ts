import * as ort from 'onnxruntime-node';
import { categoryValue, type FrameColumn, numericValue } from '../preprocessing.js';
import { byTensorName } from './by-tensor-name.js';

/** The outputs of running an ONNX model on raw columns, by output name. */
export type OnnxOutputs = Record<string, ort.Tensor>;

/**
 * Runs a model on whole columns: each column is fed to the input of its name as [rows, 1],
 * numbers as doubles (NaN when missing) and text as strings ('' when missing).
 */
export async function runOnnxOnColumns(model: Uint8Array, columns: readonly FrameColumn[]): Promise<OnnxOutputs> {
  const session = await ort.InferenceSession.create(model);
  try {
    const feeds = byTensorName<ort.Tensor>();
    for (const column of columns) {
      const rows = column.values.length;
      feeds[column.name] =
        column.type === 'text'
          ? new ort.Tensor(
              'string',
              column.values.map((value) => categoryValue(value) ?? ''),
              [rows, 1],
            )
          : new ort.Tensor('float64', Float64Array.from(column.values, numericValue), [rows, 1]);
    }
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}
