import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { oneNodeSession } from '../test-support/identity-models.js';
import { batchKey, concatenateBatch, splitBatch } from './batching.js';
import type { ProtocolDatatype } from './datatypes.js';
import { serializeJson } from './exact-json.js';
import { decodeInputTensor, encodeOutputTensor, type RequestInput } from './tensor-codec.js';

const opened: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const session of opened) await session.release();
});

async function runner(op: 'Identity' | 'Add', datatype: ProtocolDatatype) {
  const session = await oneNodeSession(op, datatype, ['batch', 2]);
  opened.push(session);
  return async (tensor: ort.Tensor) => (await session.run({ x: tensor })).y as ort.Tensor;
}

const REQUESTS: Record<string, [op: 'Identity' | 'Add', data: unknown[][]]> = {
  FP32: [
    'Add',
    [
      [0.1, 0.2],
      [1, 2, 3, 4, 5, 6],
      [-7, 8.5],
    ],
  ],
  INT64: [
    'Add',
    [
      [4611686018427387903n, -4611686018427387904n],
      [1, 2, 3, 4],
      [-5, 6],
    ],
  ],
  BOOL: [
    'Identity',
    [
      [true, false],
      [false, false, true, true],
      [true, true],
    ],
  ],
  BYTES: [
    'Identity',
    [
      ['a', 'é'],
      ['', '😀', 'x', 'y'],
      ['p', 'q'],
    ],
  ],
};

describe('concatenateBatch and splitBatch around a real session', () => {
  for (const [datatype, [op, rows]] of Object.entries(REQUESTS)) {
    it(`${datatype}: a batched run answers each request as a run of its own`, async () => {
      const run = await runner(op, datatype as ProtocolDatatype);
      const tensors = rows.map((data) =>
        decodeInputTensor({ name: 'x', datatype, shape: [data.length / 2, 2], data } as RequestInput, {
          name: 'x',
          datatype: datatype as ProtocolDatatype,
          shape: [-1, 2],
        }),
      );
      expect(new Set(tensors.map(batchKey)).size).toBe(1);
      const rowCounts = rows.map((data) => data.length / 2);
      const batch = concatenateBatch(tensors);
      expect(batch.dims).toEqual([rowCounts.reduce((sum, count) => sum + count), 2]);
      const pieces = splitBatch(await run(batch), rowCounts);
      for (const [index, tensor] of tensors.entries()) {
        const alone = encodeOutputTensor('y', await run(tensor));
        const piece = encodeOutputTensor('y', pieces[index] as ort.Tensor);
        expect(piece.shape).toEqual(alone.shape);
        expect(serializeJson(piece.data)).toBe(serializeJson(alone.data));
      }
    });
  }

  it('hands a single request through untouched', () => {
    const tensor = new ort.Tensor('float32', new Float32Array([1, 2]), [1, 2]);
    expect(concatenateBatch([tensor])).toBe(tensor);
    expect(splitBatch(tensor, [1])).toEqual([tensor]);
  });

  it('copies rows so pieces do not share the batch buffer', () => {
    const batch = new ort.Tensor('int32', new Int32Array([1, 2, 3, 4]), [2, 2]);
    const [first] = splitBatch(batch, [1, 1]) as [ort.Tensor];
    (batch.data as Int32Array)[0] = 99;
    expect(Array.from(first.data as Int32Array)).toEqual([1, 2]);
  });

  it('refuses tensors that do not share datatype and trailing dimensions, and outputs without the batch dimension', () => {
    const a = new ort.Tensor('float32', new Float32Array(2), [1, 2]);
    expect(() => concatenateBatch([a, new ort.Tensor('float32', new Float32Array(3), [1, 3])])).toThrow(
      'cannot batch a float32:3 tensor with float32:2 tensors',
    );
    expect(() => concatenateBatch([a, new ort.Tensor('float64', new Float64Array(2), [1, 2])])).toThrow(/float64:2/);
    expect(() => concatenateBatch([])).toThrow('a batch needs at least one tensor');
    expect(() => splitBatch(new ort.Tensor('float32', new Float32Array(4), [4]), [1, 2])).toThrow(
      'the model returned a tensor of shape [4] for a batch of 3 rows; batched outputs need the batch as dimension 0',
    );
  });
});
