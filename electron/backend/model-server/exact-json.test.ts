import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseExactJson, parseRequestJson, serializeJson } from './exact-json.js';

function refusal(text: string): string {
  try {
    parseRequestJson(text);
  } catch (error) {
    expect((error as { code?: string }).code).toBe('invalid_input');
    return (error as Error).message;
  }
  throw new Error(`accepted ${text}`);
}

describe('parseRequestJson', () => {
  it('keeps integers beyond the safe range as BigInt and everything else as JSON.parse does', () => {
    const parsed = parseRequestJson(
      '{"datatype":"INT64","a":[-9223372036854775808, 9223372036854775807, 18446744073709551615, 9007199254740991, 1.5, -0, 1e3, 12345678901234567890.5],"s":"x\\u00e9\\n"}',
    ) as { a: unknown[]; s: string };
    expect(parsed.a).toEqual([
      -9223372036854775808n,
      9223372036854775807n,
      18446744073709551615n,
      9007199254740991,
      1.5,
      -0,
      1000,
      Number('12345678901234567890.5'),
    ]);
    expect(Object.is(parsed.a[5], -0)).toBe(true);
    expect(parsed.s).toBe('xé\n');
  });

  it('leaves bodies without 64-bit integer tensors to JSON.parse', () => {
    expect(parseRequestJson('{"datatype":"FP64","data":[12345678901234567891]}')).toEqual({
      datatype: 'FP64',
      data: [12345678901234567000],
    });
    expect(parseRequestJson('{"datatype":"UINT64","data":[0.12345678901234567891]}')).toEqual({
      datatype: 'UINT64',
      data: [0.12345678901234568],
    });
    expect(parseRequestJson('{"datatype":"UINT64","data":[12345678901234567891]}')).toEqual({
      datatype: 'UINT64',
      data: [12345678901234567891n],
    });
  });

  it('reads the same values as JSON.parse for ordinary documents', () => {
    const documents = [
      '{"inputs":[{"name":"x","shape":[2,2],"datatype":"FP32","data":[[1,2],[3,4e-7]]}],"id":"a\\"b"}',
      '[]',
      '{}',
      ' [ true , false , null , "" , -0.5E+2 ] ',
      '"\\ud83d\\ude00 \\/"',
    ];
    for (const text of documents) expect(parseExactJson(text)).toEqual(JSON.parse(text));
  });

  it('adds a member named __proto__ instead of replacing the prototype', () => {
    const parsed = parseExactJson('{"__proto__":{"polluted":1},"n":12345678901234567890}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'n']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what is not strict JSON, naming the position, on both paths', () => {
    for (const long of [false, true]) {
      const pad = long ? '"INT64",12345678901234567,' : '';
      expect(refusal(`[${pad}1] x`)).toMatch(/unexpected 'x' at position \d+ after the document's end/);
      expect(refusal(`[${pad}NaN]`)).toMatch(/position \d+: NaN and Infinity are not JSON numbers/);
      expect(refusal(`[${pad}-Infinity]`)).toMatch(/NaN and Infinity are not JSON numbers/);
      expect(refusal(`[${pad}1] // note`)).toMatch(/unexpected '\/'/);
      expect(refusal(`[${pad}1,]`)).toMatch(/unexpected '\]'/);
      expect(refusal(`{"a":[${pad}1`)).toMatch(/unexpected end of input/);
      expect(refusal(`[${pad}"\n"]`)).toMatch(/control character U\+000a/);
      expect(refusal(`[${pad}"\\x"]`)).toMatch(/bad escape/);
      expect(refusal(`[${pad}01]`)).toMatch(/unexpected '1'/);
      expect(refusal(`{'a':${pad}1}`)).toMatch(/expected a quoted member name/);
      expect(refusal('')).toMatch(/unexpected end of input/);
    }
    expect(refusal('[1] x')).toBe(
      "request body is not valid JSON: unexpected 'x' at position 4 after the document's end",
    );
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels without overflowing the stack`, () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH)}"INT64",12345678901234567${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseRequestJson(deep)).toBeDefined();
    expect(refusal(`[${deep}]`)).toMatch(/nesting deeper than 64 levels at position 64/);
    expect(refusal(`${'['.repeat(1_000_000)}"INT64",1234567890123456`)).toMatch(/nesting deeper than 64/);
  });
});

describe('serializeJson', () => {
  it('writes 64-bit integers and typed arrays exactly', () => {
    const text = serializeJson({
      a: new BigInt64Array([-9223372036854775808n, 9223372036854775807n]),
      b: new BigUint64Array([18446744073709551615n]),
      c: new Float32Array([0.1]),
      d: 12345678901234567890n,
      e: [true, false],
      f: ['é', '"'],
      g: undefined,
      h: [],
      i: [1, 'x', null],
    });
    expect(text).toBe(
      '{"a":[-9223372036854775808,9223372036854775807],"b":[18446744073709551615],"c":[0.10000000149011612],"d":12345678901234567890,"e":[true,false],"f":["é","\\""],"h":[],"i":[1,"x",null]}',
    );
    expect(Math.fround(JSON.parse(text).c[0])).toBe(Math.fround(0.1));
    expect(parseExactJson(text)).toMatchObject({ d: 12345678901234567890n, b: [18446744073709551615n] });
  });

  it('writes non-finite floats as Triton does', () => {
    expect(serializeJson(new Float64Array([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]))).toBe(
      '[NaN,Infinity,-Infinity,-0]',
    );
    expect(serializeJson(new Float32Array([1, -0, 0]))).toBe('[1,-0,0]');
    expect(serializeJson({ z: -0 })).toBe('{"z":-0}');
    expect(Object.is(JSON.parse(serializeJson([0, -0]))[1], -0)).toBe(true);
    expect(serializeJson([Number.NaN, 1])).toBe('[NaN,1]');
  });

  it('writes the same text whether JSON.stringify can write it or only the exact writer can, and changes nothing it is given', () => {
    const outputs = [
      { name: 'p', datatype: 'FP32', shape: [2], data: new Float32Array([0.25, 0.75]) },
      { name: 'k', datatype: 'INT64', shape: [2], data: new BigInt64Array([3n, -4n]) },
      { name: 's', datatype: 'BYTES', shape: [1], data: ['yes'], parameters: { note: undefined } },
    ];
    const response = { model_name: 'm', outputs };
    const plainText =
      '{"model_name":"m","outputs":[{"name":"p","datatype":"FP32","shape":[2],"data":[0.25,0.75]},{"name":"k","datatype":"INT64","shape":[2],"data":[3,-4]},{"name":"s","datatype":"BYTES","shape":[1],"data":["yes"],"parameters":{}}]}';
    expect(serializeJson(response)).toBe(plainText);
    expect(outputs[0]?.data).toBeInstanceOf(Float32Array);

    outputs[1] = { ...outputs[1], data: new BigInt64Array([2n ** 60n, -4n]) } as (typeof outputs)[number];
    expect(serializeJson(response)).toBe(plainText.replace('[3,-4]', '[1152921504606846976,-4]'));
  });
});
