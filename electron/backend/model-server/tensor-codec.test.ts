import type * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { oneNodeSession } from '../test-support/identity-models.js';
import { ARRAY_TYPE, PROTOCOL_DATATYPES, type ProtocolDatatype } from './datatypes.js';
import { parseRequestJson, serializeJson } from './exact-json.js';
import { fromFloat16Bits, toFloat16Bits } from './float16.js';
import { decodeInputTensor, encodeOutputTensor, type RequestInput, type TensorSignature } from './tensor-codec.js';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

async function run(op: 'Identity' | 'Add', datatype: ProtocolDatatype, tensor: ort.Tensor): Promise<ort.Tensor> {
  const key = `${op}:${datatype}`;
  if (!sessions.has(key)) sessions.set(key, oneNodeSession(op, datatype));
  const session = await (sessions.get(key) as Promise<ort.InferenceSession>);
  return (await session.run({ x: tensor })).y as ort.Tensor;
}

afterAll(async () => {
  for (const session of sessions.values()) await (await session).release();
});

function signature(datatype: ProtocolDatatype, shape: number[] | null = [-1, -1]): TensorSignature {
  return { name: 'x', datatype, shape };
}

/** The request input parsed from JSON text the way the server reads a body. */
function inputFromText(datatype: ProtocolDatatype, shape: number[], dataText: string): RequestInput {
  return parseRequestJson(
    `{"name":"x","datatype":"${datatype}","shape":${JSON.stringify(shape)},"data":${dataText}}`,
  ) as RequestInput;
}

/** What the response writes for the model's output `y`. */
async function roundTrip(op: 'Identity' | 'Add', datatype: ProtocolDatatype, shape: number[], dataText: string) {
  const tensor = decodeInputTensor(inputFromText(datatype, shape, dataText), signature(datatype));
  const output = encodeOutputTensor('y', await run(op, datatype, tensor));
  expect(output.shape).toEqual(shape);
  expect(output.datatype).toBe(datatype);
  return serializeJson(output.data);
}

/** Each datatype's values as a client writes them, and as the Identity model's response must write them back. */
const IDENTITY_CASES: Record<ProtocolDatatype, [string, string]> = {
  BOOL: ['[true,false,false,true]', '[true,false,false,true]'],
  UINT8: ['[0,255,1,128]', '[0,255,1,128]'],
  INT8: ['[-128,127,0,-1]', '[-128,127,0,-1]'],
  UINT16: ['[0,65535,1,32768]', '[0,65535,1,32768]'],
  INT16: ['[-32768,32767,0,-1]', '[-32768,32767,0,-1]'],
  UINT32: ['[0,4294967295,1,2147483648]', '[0,4294967295,1,2147483648]'],
  INT32: ['[-2147483648,2147483647,0,-1]', '[-2147483648,2147483647,0,-1]'],
  INT64: [
    '[-9223372036854775808,9223372036854775807,9007199254740993,-1]',
    '[-9223372036854775808,9223372036854775807,9007199254740993,-1]',
  ],
  UINT64: [
    '[0,18446744073709551615,9223372036854775808,12345678901234567891]',
    '[0,18446744073709551615,9223372036854775808,12345678901234567891]',
  ],
  FP16: [
    '[0.1,65504,-5.960464477539063e-8,6.1e-5]',
    '[0.0999755859375,65504,-5.960464477539063e-8,0.00006097555160522461]',
  ],
  FP32: [
    '[0.1,-3.4028234663852886e38,1.401298464324817e-45,16777217]',
    '[0.10000000149011612,-3.4028234663852886e+38,1.401298464324817e-45,16777216]',
  ],
  FP64: [
    '[0.1,1.7976931348623157e308,-0,12345678901234567890]',
    '[0.1,1.7976931348623157e+308,-0,12345678901234567000]',
  ],
  BYTES: [
    '["h\\u00e9llo","","\\ud83d\\ude00 emoji","tab\\t \\"quote\\" back\\\\ \\u0001"]',
    '["héllo","","😀 emoji","tab\\t \\"quote\\" back\\\\ \\u0001"]',
  ],
};

describe('decodeInputTensor and encodeOutputTensor through a real onnxruntime session', () => {
  it('covers every protocol datatype', () => {
    expect(Object.keys(IDENTITY_CASES).sort()).toEqual([...PROTOCOL_DATATYPES].sort());
  });

  for (const datatype of PROTOCOL_DATATYPES) {
    const [sent, written] = IDENTITY_CASES[datatype];
    it(`${datatype}: Identity returns exactly the values sent`, async () => {
      expect(await roundTrip('Identity', datatype, [2, 2], sent)).toBe(written);
    });
  }

  it('FP32 outputs read back as the same float32 values', async () => {
    const values = [0.1, 1 / 3, Math.PI, 1e-40, -2.5e38];
    const text = await roundTrip('Identity', 'FP32', [1, 5], JSON.stringify(values));
    const back = new Float32Array(JSON.parse(text));
    expect(Array.from(back)).toEqual(Array.from(new Float32Array(values)));
  });

  const ADDABLE = PROTOCOL_DATATYPES.filter((datatype) => datatype !== 'BOOL' && datatype !== 'BYTES');
  for (const datatype of ADDABLE) {
    it(`${datatype}: Add gives x + x`, async () => {
      const cases: Record<string, [string, string]> = {
        INT64: ['[4611686018427387903,-4611686018427387904,-3,0]', '[9223372036854775806,-9223372036854775808,-6,0]'],
        UINT64: ['[9223372036854775807,1,0,4]', '[18446744073709551614,2,0,8]'],
        FP16: ['[0.1,32752,-1.5,0.000061035]', '[0.199951171875,65504,-3,0.0001220703125]'],
        FP32: ['[0.1,1.5,-2,3e38]', '[0.20000000298023224,3,-4,6.000000281424468e+38]'],
      };
      const [sent, written] = cases[datatype] ?? [
        '[1,-2,3,60]'.replace(/-2/, datatype.startsWith('U') ? '2' : '-2'),
        `[2,${datatype.startsWith('U') ? 4 : -4},6,120]`,
      ];
      if (datatype === 'FP32') {
        const text = await roundTrip('Add', datatype, [2, 2], sent);
        expect(text.split(',').slice(0, 3).join(',')).toBe('[0.20000000298023224,3,-4');
        expect(text.endsWith('Infinity]')).toBe(true);
        return;
      }
      expect(await roundTrip('Add', datatype, [2, 2], sent)).toBe(written);
    });
  }

  it('reads nested data as row-major, the same tensor as flat data', async () => {
    const nested = decodeInputTensor(inputFromText('FP64', [2, 3], '[[1,2,3],[4,5,6]]'), signature('FP64', [-1, 3]));
    const flat = decodeInputTensor(inputFromText('FP64', [2, 3], '[1,2,3,4,5,6]'), signature('FP64', [-1, 3]));
    expect(Array.from(nested.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(nested.dims).toEqual([2, 3]);
    expect(Array.from(flat.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
    const deep = decodeInputTensor(inputFromText('INT64', [2, 1, 2], '[[[1,2]],[[3,9223372036854775807]]]'), {
      name: 'x',
      datatype: 'INT64',
      shape: null,
    });
    expect(Array.from(deep.data as BigInt64Array)).toEqual([1n, 2n, 3n, 9223372036854775807n]);
    const strings = decodeInputTensor(inputFromText('BYTES', [2, 1], '[["a"],["b"]]'), signature('BYTES', [2, 1]));
    expect(strings.data).toEqual(['a', 'b']);
  });

  it('accepts empty tensors', async () => {
    expect(await roundTrip('Identity', 'FP32', [0, 2], '[]')).toBe('[]');
    expect(await roundTrip('Identity', 'BYTES', [0, 2], '[]')).toBe('[]');
  });

  it('rounds FP16 inputs to nearest even and writes non-finite outputs as Triton does', async () => {
    const tensor = decodeInputTensor(
      inputFromText('FP16', [1, 2], '[1.00048828125, 1.00146484375]'),
      signature('FP16'),
    );
    expect(Array.from(tensor.data as Uint16Array)).toEqual([0x3c00, 0x3c02]);
    const special = encodeOutputTensor(
      'y',
      await run(
        'Identity',
        'FP16',
        decodeInputTensor(
          { name: 'x', datatype: 'FP16', shape: [1, 4] },
          signature('FP16'),
          new Uint8Array(new Uint16Array([0x7e00, 0x7c00, 0xfc00, 0x8000]).buffer),
        ),
      ),
    );
    expect(serializeJson(special.data)).toBe('[NaN,Infinity,-Infinity,-0]');
    expect(Object.is((special.data as number[])[3], -0)).toBe(true);
  });

  it('keeps FP16 decoding and encoding consistent with float16.ts over a sweep', async () => {
    const values = Array.from({ length: 512 }, (_, index) => fromFloat16Bits(index * 61) * (index % 2 ? -1 : 1));
    const text = await roundTrip('Identity', 'FP16', [256, 2], serializeJson(values.map((v) => (v === 0 ? 0 : v))));
    const written = JSON.parse(text) as number[];
    written.forEach((value, index) => {
      expect(toFloat16Bits(value)).toBe(toFloat16Bits(values[index] === 0 ? 0 : (values[index] as number)));
    });
  });
});

function refusal(input: RequestInput, expected: TensorSignature, binary?: Uint8Array): string {
  try {
    decodeInputTensor(input, expected, binary);
  } catch (error) {
    expect((error as { code?: string }).code).toBe('invalid_input');
    return (error as Error).message;
  }
  throw new Error(
    `accepted ${JSON.stringify(input, (_, value) => (typeof value === 'bigint' ? String(value) : value))}`,
  );
}

function input(datatype: string, shape: unknown, data: unknown): RequestInput {
  return { name: 'x', datatype, shape, data };
}

describe('decodeInputTensor refusals', () => {
  const FP32 = signature('FP32', [-1, 2]);

  it('names a datatype the model does not take, or one the server does not know', () => {
    expect(refusal(input('FP64', [1, 2], [1, 2]), FP32)).toBe('input "x" has datatype FP64 but the model takes FP32');
    expect(refusal(input('BF16', [1, 2], [1, 2]), FP32)).toBe(
      'input "x" has datatype "BF16", which this server does not support',
    );
    expect(refusal(input('fp32', [1, 2], [1, 2]), FP32)).toMatch(/"fp32", which this server does not support/);
    expect(refusal({ name: 'x', shape: [1, 2], data: [1, 2] }, FP32)).toBe('input "x" has no "datatype" string');
  });

  it('names shapes that differ from the model or are not shapes', () => {
    expect(refusal(input('FP32', [2], [1, 2]), FP32)).toBe(
      'input "x" has shape [2] of 1 dimensions but the model takes 2: [-1, 2]',
    );
    expect(refusal(input('FP32', [1, 3], [1, 2, 3]), FP32)).toBe(
      'input "x" has shape [1, 3] but the model takes [-1, 2] (dimension 1 must be 2)',
    );
    expect(refusal(input('FP32', [-1, 2], [1, 2]), FP32)).toMatch(/dimension 0 of the number -1; dimensions are whole/);
    expect(refusal(input('FP32', [1.5, 2], [1, 2]), FP32)).toMatch(/dimension 0 of the number 1.5/);
    expect(refusal(input('FP32', ['1', 2], [1, 2]), FP32)).toMatch(/dimension 0 of the string "1"/);
    expect(refusal(input('FP32', [2 ** 40, 2], []), FP32)).toMatch(/dimension 0 of 1099511627776, larger than the/);
    expect(refusal(input('FP32', [2 ** 20, 2 ** 20], []), signature('FP32', null))).toMatch(
      /of 1099511627776 elements, more than the 2147483647 accepted/,
    );
    expect(refusal(input('FP32', [12345678901234567890n, 2], []), FP32)).toMatch(/larger than the/);
    expect(refusal(input('FP32', undefined, [1]), FP32)).toBe('input "x" has no "shape" array');
    expect(refusal(input('FP32', new Array(33).fill(1), [1]), signature('FP32', null))).toMatch(
      /33 dimensions; at most 32/,
    );
  });

  it('names element counts that differ from the shape, flat or nested', () => {
    expect(refusal(input('FP32', [2, 2], [1, 2, 3]), FP32)).toBe('input "x" has 3 values but shape [2, 2] holds 4');
    expect(refusal(input('FP32', [2, 2], [[1, 2], [3]]), FP32)).toBe(
      'input "x" data[1] is an array of 1 but shape [2, 2] needs an array of 2 there',
    );
    expect(refusal(input('FP32', [2, 2], [[1, 2], 3, 4]), FP32)).toMatch(/data is an array of 3 but shape/);
    expect(refusal(input('FP32', [2, 2], [[1, 2], 3]), FP32)).toMatch(/data\[1\] is the number 3 but shape/);
    expect(refusal(input('FP32', [1, 2], [[1, [2]]]), FP32)).toMatch(/element 1 is an array, not a FP32 number/);
    expect(refusal(input('FP32', [1, 2], undefined), FP32)).toMatch(/has no "data" array/);
  });

  it('names elements of the wrong kind for float datatypes, and NaN or Infinity spelled as strings', () => {
    expect(refusal(input('FP32', [1, 2], [1, '2']), FP32)).toBe(
      'input "x" element 1 is the string "2", not a FP32 number',
    );
    expect(refusal(input('FP32', [1, 2], [1, null]), FP32)).toMatch(/element 1 is null, not a FP32 number/);
    expect(refusal(input('FP64', [1, 2], [true, 1]), signature('FP64'))).toMatch(/element 0 is the boolean true/);
    expect(refusal(input('FP32', [1, 2], ['NaN', 1]), FP32)).toBe(
      'input "x" element 0 is the string "NaN": JSON cannot express NaN or Infinity; send FP32 tensors holding them with the binary data extension',
    );
    expect(refusal(input('FP16', [1, 2], [1, '-Infinity']), signature('FP16'))).toMatch(/JSON cannot express NaN/);
    expect(refusal(input('FP32', [1, 2], [1, 1e39]), FP32)).toMatch(
      /element 1 \(1e\+39\) is outside the finite FP32 range/,
    );
    expect(refusal(input('FP16', [1, 2], [65520, 1]), signature('FP16'))).toMatch(
      /element 0 \(65520\) is outside the finite FP16/,
    );
    expect(refusal(input('FP64', [1, 2], [Number.POSITIVE_INFINITY, 1]), signature('FP64'))).toMatch(
      /outside the finite FP64/,
    );
    expect(refusal(input('FP32', [1, 2], [Number.NaN, 1]), FP32)).toMatch(/outside the finite FP32/);
  });

  it('names fractions, out-of-range values and non-numbers for every integer datatype', () => {
    const bounds: Record<string, [number | bigint, number | bigint]> = {
      INT8: [-128, 127],
      UINT8: [0, 255],
      INT16: [-32768, 32767],
      UINT16: [0, 65535],
      INT32: [-2147483648, 2147483647],
      UINT32: [0, 4294967295],
      INT64: [-9223372036854775808n, 9223372036854775807n],
      UINT64: [0, 18446744073709551615n],
    };
    for (const [datatype, [low, high]] of Object.entries(bounds)) {
      const expected = signature(datatype as ProtocolDatatype);
      const below = typeof low === 'bigint' ? low - 1n : low - 1;
      const above = typeof high === 'bigint' ? high + 1n : high + 1;
      expect(refusal(input(datatype, [1, 2], [low, below]), expected)).toBe(
        `input "x" element 1 (${below}) is outside the ${datatype} range [${low}, ${high}]`,
      );
      expect(refusal(input(datatype, [1, 2], [above, high]), expected)).toMatch(`element 0 (${above}) is outside`);
      expect(refusal(input(datatype, [1, 2], [1, 2.5]), expected)).toBe(
        `input "x" element 1 (2.5) is not a whole number, as ${datatype} needs`,
      );
      expect(refusal(input(datatype, [1, 2], ['1', 2]), expected)).toBe(
        `input "x" element 0 is the string "1", not a ${datatype} number`,
      );
      expect(refusal(input(datatype, [1, 2], [1, true]), expected)).toMatch(/element 1 is the boolean true/);
      const accepted = decodeInputTensor(input(datatype, [1, 2], [low, high]), expected);
      expect(Array.from(accepted.data as ArrayLike<number | bigint>)).toEqual(
        [low, high].map((value) => (datatype.endsWith('64') ? BigInt(value) : value)),
      );
      expect(accepted.data).toBeInstanceOf(ARRAY_TYPE[datatype as 'INT8']);
    }
  });

  it('refuses 64-bit integers that reached it as inexact doubles', () => {
    expect(refusal(input('INT64', [1, 2], [1, 2 ** 60]), signature('INT64'))).toBe(
      'input "x" element 1 (1152921504606847000) is beyond the integers a double holds exactly; write INT64 values as plain digits',
    );
    const exponent = parseRequestJson('{"datatype":"UINT64","data":[1e19, 12345678901234567890]}') as {
      data: unknown[];
    };
    expect(refusal(input('UINT64', [1, 2], exponent.data), signature('UINT64'))).toMatch(
      /element 0 \(10000000000000000000\) is beyond/,
    );
  });

  it('takes BOOL elements as true or false only (not 0 or 1)', () => {
    const expected = signature('BOOL');
    expect(refusal(input('BOOL', [1, 2], [true, 1]), expected)).toBe(
      'input "x" element 1 is the number 1; BOOL elements are true or false',
    );
    expect(refusal(input('BOOL', [1, 2], ['true', false]), expected)).toMatch(/element 0 is the string "true"; BOOL/);
    expect(refusal(input('BOOL', [1, 2], [null, false]), expected)).toMatch(/element 0 is null; BOOL/);
  });

  it('takes BYTES elements as strings onnxruntime can carry unchanged', () => {
    const expected = signature('BYTES');
    expect(refusal(input('BYTES', [1, 2], ['a', 1]), expected)).toBe(
      'input "x" element 1 is the number 1, not a BYTES string',
    );
    expect(refusal(input('BYTES', [1, 2], ['a', '\ud800']), expected)).toMatch(
      /element 1 holds an unpaired UTF-16 surrogate/,
    );
    expect(refusal(input('BYTES', [1, 2], ['a\u0000b', '']), expected)).toBe(
      'input "x" element 0 contains a NUL character, which onnxruntime string tensors cannot hold',
    );
  });

  it('refuses binary_data_size without binary data, and data beside binary data', () => {
    expect(refusal({ name: 'x', datatype: 'FP32', shape: [1, 2], parameters: { binary_data_size: 8 } }, FP32)).toMatch(
      /has binary_data_size but the request carries no binary data/,
    );
    expect(refusal(input('FP32', [1, 2], [1, 2]), FP32, new Uint8Array(8))).toBe(
      'input "x" has both "data" and binary data',
    );
  });
});
