import type * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { oneNodeSession } from '../test-support/identity-models.js';
import {
  encodeInferenceResponse,
  type InferenceRequestBody,
  readInferenceBody,
  wantsBinaryOutput,
} from './binary-extension.js';
import { PROTOCOL_DATATYPES, type ProtocolDatatype } from './datatypes.js';
import { parseExactJson } from './exact-json.js';
import { decodeInputTensor } from './tensor-codec.js';

const sessions = new Map<ProtocolDatatype, Promise<ort.InferenceSession>>();

async function identity(datatype: ProtocolDatatype, tensor: ort.Tensor): Promise<ort.Tensor> {
  if (!sessions.has(datatype)) sessions.set(datatype, oneNodeSession('Identity', datatype));
  const session = await (sessions.get(datatype) as Promise<ort.InferenceSession>);
  return (await session.run({ x: tensor })).y as ort.Tensor;
}

afterAll(async () => {
  for (const session of sessions.values()) await (await session).release();
});

function littleEndian(
  values: number[] | bigint[],
  write: (view: DataView, at: number, value: never) => void,
  size: number,
) {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  for (const [index, value] of values.entries()) write(view, index * size, value as never);
  return out;
}

function lengthPrefixed(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  let at = 0;
  for (const part of parts) {
    new DataView(out.buffer).setUint32(at, part.length, true);
    out.set(part, at + 4);
    at += 4 + part.length;
  }
  return out;
}

const text = new TextEncoder();

/** Four elements of each datatype written byte by byte, independently of the code under test. */
const BINARY: Record<ProtocolDatatype, Uint8Array> = {
  BOOL: new Uint8Array([1, 0, 0, 1]),
  UINT8: new Uint8Array([0, 255, 1, 128]),
  INT8: new Uint8Array([0x80, 0x7f, 0, 0xff]),
  UINT16: littleEndian([0, 65535, 1, 258], (v, at, x: number) => v.setUint16(at, x, true), 2),
  INT16: littleEndian([-32768, 32767, 0, -2], (v, at, x: number) => v.setInt16(at, x, true), 2),
  UINT32: littleEndian([0, 4294967295, 1, 16909060], (v, at, x: number) => v.setUint32(at, x, true), 4),
  INT32: littleEndian([-2147483648, 2147483647, 0, -2], (v, at, x: number) => v.setInt32(at, x, true), 4),
  UINT64: littleEndian(
    [0n, 18446744073709551615n, 1n, 9007199254740993n],
    (v, at, x: bigint) => v.setBigUint64(at, x, true),
    8,
  ),
  INT64: littleEndian(
    [-9223372036854775808n, 9223372036854775807n, 0n, -2n],
    (v, at, x: bigint) => v.setBigInt64(at, x, true),
    8,
  ),
  FP16: littleEndian([0x7e00, 0x7c00, 0x8000, 0x2e66], (v, at, x: number) => v.setUint16(at, x, true), 2),
  FP32: littleEndian(
    [Number.NaN, Number.NEGATIVE_INFINITY, 0.1, -0],
    (v, at, x: number) => v.setFloat32(at, x, true),
    4,
  ),
  FP64: littleEndian(
    [Number.NaN, Number.POSITIVE_INFINITY, 0.1, 5e-324],
    (v, at, x: number) => v.setFloat64(at, x, true),
    8,
  ),
  BYTES: lengthPrefixed([
    text.encode('héllo'),
    new Uint8Array(0),
    text.encode('😀'),
    new Uint8Array([0xef, 0xbb, 0xbf, 0x41]),
  ]),
};

function requestBody(header: unknown, ...chunks: Uint8Array[]): { body: Uint8Array; headerLength: string } {
  const json = text.encode(JSON.stringify(header));
  return { body: Buffer.concat([json, ...chunks]), headerLength: String(json.length) };
}

function splitResponse(text: Buffer | string, headerLength: number | null) {
  const body = Buffer.from(text);
  const jsonEnd = headerLength ?? body.length;
  return {
    header: parseExactJson(body.subarray(0, jsonEnd).toString('utf8')) as { outputs: Record<string, unknown>[] },
    rest: new Uint8Array(body.subarray(jsonEnd)),
  };
}

describe('binary tensor data through a real onnxruntime session', () => {
  for (const datatype of PROTOCOL_DATATYPES) {
    it(`${datatype}: Identity gives back the same bytes`, async () => {
      const bytes = BINARY[datatype];
      const { body, headerLength } = requestBody(
        {
          inputs: [{ name: 'x', datatype, shape: [2, 2], parameters: { binary_data_size: bytes.length } }],
          parameters: { binary_data_output: true },
        },
        bytes,
      );
      const { request, binary } = readInferenceBody(body, headerLength);
      const input = request.inputs[0] as InferenceRequestBody['inputs'][number];
      const tensor = decodeInputTensor(input, { name: 'x', datatype, shape: [-1, 2] }, binary[0]);
      const response = encodeInferenceResponse(
        { model_name: 'm', id: '7' },
        [{ name: 'y', tensor: await identity(datatype, tensor) }],
        request,
      );
      expect(response.contentType).toBe('application/octet-stream');
      const { header, rest } = splitResponse(response.body, response.headerLength);
      expect(header).toEqual({
        model_name: 'm',
        id: '7',
        outputs: [{ name: 'y', datatype, shape: [2, 2], parameters: { binary_data_size: bytes.length } }],
      });
      expect(Array.from(rest)).toEqual(Array.from(bytes));
    });
  }

  it('mixes JSON and binary inputs and outputs, per-output binary_data overriding binary_data_output', async () => {
    const { body, headerLength } = requestBody(
      {
        inputs: [
          { name: 'a', datatype: 'INT64', shape: [1, 2], parameters: { binary_data_size: 16 } },
          { name: 'b', datatype: 'FP32', shape: [1, 2], data: [1.5, 2.5] },
          { name: 'c', datatype: 'BOOL', shape: [1, 3], parameters: { binary_data_size: 3 } },
        ],
        outputs: [
          { name: 'a' },
          { name: 'b', parameters: { binary_data: true } },
          { name: 'c', parameters: { binary_data: false } },
        ],
        parameters: { binary_data_output: true },
      },
      BINARY.INT64.subarray(0, 16),
      new Uint8Array([1, 0, 1]),
    );
    const { request, binary } = readInferenceBody(body, headerLength);
    expect(binary.map((part) => part?.length)).toEqual([16, undefined, 3]);
    const [a, b, c] = request.inputs.map((input, index) =>
      decodeInputTensor(
        input,
        { name: input.name, datatype: input.datatype as ProtocolDatatype, shape: null },
        binary[index],
      ),
    ) as [ort.Tensor, ort.Tensor, ort.Tensor];
    const response = encodeInferenceResponse(
      { model_name: 'm' },
      [
        { name: 'a', tensor: await identity('INT64', a) },
        { name: 'b', tensor: await identity('FP32', b) },
        { name: 'c', tensor: await identity('BOOL', c) },
      ],
      request,
    );
    const { header, rest } = splitResponse(response.body, response.headerLength);
    expect(header.outputs).toEqual([
      { name: 'a', datatype: 'INT64', shape: [1, 2], parameters: { binary_data_size: 16 } },
      { name: 'b', datatype: 'FP32', shape: [1, 2], parameters: { binary_data_size: 8 } },
      { name: 'c', datatype: 'BOOL', shape: [1, 3], data: [true, false, true] },
    ]);
    expect(Array.from(rest)).toEqual([
      ...BINARY.INT64.subarray(0, 16),
      ...new Uint8Array(new Float32Array([1.5, 2.5]).buffer),
    ]);
  });

  it('answers all-JSON with exact 64-bit integers when no binary output is asked for', async () => {
    const { body } = requestBody({ inputs: [{ name: 'x', datatype: 'UINT64', shape: [1, 1], data: [1] }] });
    const { request, binary } = readInferenceBody(body);
    expect(binary).toEqual([undefined]);
    const tensor = decodeInputTensor(
      { name: 'x', datatype: 'UINT64', shape: [1, 1], data: [18446744073709551615n] },
      { name: 'x', datatype: 'UINT64', shape: [-1, 1] },
    );
    const response = encodeInferenceResponse(
      { model_name: 'm' },
      [{ name: 'y', tensor: await identity('UINT64', tensor) }],
      request,
    );
    expect(response.headerLength).toBeNull();
    expect(response.contentType).toBe('application/json');
    expect(response.body.toString()).toBe(
      '{"model_name":"m","outputs":[{"name":"y","datatype":"UINT64","shape":[1,1],"data":[18446744073709551615]}]}',
    );
  });
});

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect((error as { code?: string }).code).toBe('invalid_input');
    return (error as Error).message;
  }
  throw new Error('accepted');
}

function decodeOnly(datatype: ProtocolDatatype, shape: number[], bytes: Uint8Array) {
  const { body, headerLength } = requestBody(
    { inputs: [{ name: 'x', datatype, shape, parameters: { binary_data_size: bytes.length } }] },
    bytes,
  );
  const { request, binary } = readInferenceBody(body, headerLength);
  return decodeInputTensor(
    request.inputs[0] as InferenceRequestBody['inputs'][number],
    { name: 'x', datatype, shape: null },
    binary[0],
  );
}

describe('binary tensor data refusals', () => {
  const oneInput = (size: unknown) => ({
    inputs: [{ name: 'x', datatype: 'FP32', shape: [2], parameters: { binary_data_size: size } }],
  });

  it('checks the header length against the body', () => {
    const { body } = requestBody(oneInput(8), new Uint8Array(8));
    expect(refusal(() => readInferenceBody(body, String(body.length + 1)))).toBe(
      `Inference-Header-Content-Length is ${body.length + 1} but the body has only ${body.length} bytes`,
    );
    expect(refusal(() => readInferenceBody(body, '-3'))).toBe(
      'Inference-Header-Content-Length "-3" is not a byte count',
    );
    expect(refusal(() => readInferenceBody(body, 'abc'))).toMatch(/"abc" is not a byte count/);
    expect(refusal(() => readInferenceBody(body, '5'))).toMatch(
      /request body is not valid JSON: unterminated string starting at position 1/,
    );
  });

  it('checks binary_data_size against the bytes that follow', () => {
    const short = requestBody(oneInput(8), new Uint8Array(6));
    expect(refusal(() => readInferenceBody(short.body, short.headerLength))).toBe(
      'input "x" has binary_data_size 8 but only 6 bytes of binary data remain for it',
    );
    const long = requestBody(oneInput(8), new Uint8Array(11));
    expect(refusal(() => readInferenceBody(long.body, long.headerLength))).toBe(
      "the body has 3 bytes after the JSON header that no input's binary_data_size claims",
    );
    const negative = requestBody(oneInput(-1));
    expect(refusal(() => readInferenceBody(negative.body, negative.headerLength))).toBe(
      'input "x" has binary_data_size -1; it must be a whole number of bytes',
    );
    const text = requestBody(oneInput('8'), new Uint8Array(8));
    expect(refusal(() => readInferenceBody(text.body, text.headerLength))).toMatch(
      /binary_data_size 8; it must be a whole/,
    );
    const noHeader = requestBody(oneInput(8));
    expect(refusal(() => readInferenceBody(noHeader.body))).toBe(
      'input "x" has binary_data_size but the request has no Inference-Header-Content-Length header',
    );
  });

  it('checks the bytes against shape and datatype', () => {
    expect(refusal(() => decodeOnly('FP32', [1, 3], new Uint8Array(8)))).toBe(
      'input "x" has 8 bytes of binary data but 3 FP32 elements of shape [1, 3] take 12',
    );
    expect(refusal(() => decodeOnly('BOOL', [2], new Uint8Array([1, 2])))).toBe(
      'input "x" element 1 is byte 2; BOOL bytes are 0 or 1',
    );
    expect(refusal(() => decodeOnly('BYTES', [2], lengthPrefixed([text.encode('a')])))).toBe(
      `input "x"'s binary data ends at byte 5, before element 1's 4-byte length`,
    );
    expect(refusal(() => decodeOnly('BYTES', [1], new Uint8Array([9, 0, 0, 0, 65])))).toBe(
      'input "x" element 0 claims 9 bytes but only 1 remain in its binary data',
    );
    expect(refusal(() => decodeOnly('BYTES', [1], lengthPrefixed([text.encode('a'), text.encode('b')])))).toBe(
      `input "x"'s binary data has 5 bytes left over after its 1 BYTES elements`,
    );
    expect(refusal(() => decodeOnly('BYTES', [1], lengthPrefixed([new Uint8Array([0xff, 0xfe])])))).toBe(
      'input "x" element 0 is not UTF-8 text; onnxruntime string tensors hold text only',
    );
    expect(refusal(() => decodeOnly('BYTES', [1], lengthPrefixed([new Uint8Array([65, 0, 66])])))).toMatch(
      /element 0 contains a NUL character/,
    );
  });

  it('checks the request and the binary output flags', () => {
    expect(refusal(() => readInferenceBody(text.encode('[1]')))).toBe('the inference request is not a JSON object');
    expect(refusal(() => readInferenceBody(text.encode('{"inputs":{}}')))).toBe(
      'the inference request has no "inputs" array',
    );
    expect(refusal(() => readInferenceBody(text.encode('{"inputs":[{"shape":[1]}]}')))).toMatch(
      /inputs\[0\] is not an object/,
    );
    expect(refusal(() => readInferenceBody(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe(
      "the request's JSON is not UTF-8 text",
    );
    expect(refusal(() => wantsBinaryOutput({ parameters: { binary_data_output: 'yes' } }, 'y'))).toBe(
      'the binary_data_output parameter must be true or false',
    );
    expect(refusal(() => wantsBinaryOutput({ outputs: [{ name: 'y', parameters: { binary_data: 1 } }] }, 'y'))).toMatch(
      /output "y"'s binary_data parameter must be true or false/,
    );
    expect(wantsBinaryOutput({ parameters: { binary_data_output: true }, outputs: [{ name: 'y' }] }, 'y')).toBe(true);
    expect(wantsBinaryOutput({}, 'y')).toBe(false);
  });
});
