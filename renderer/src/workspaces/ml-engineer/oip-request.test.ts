import { describe, expect, it } from 'vitest';
import type { TensorSignature } from '../../../../shared/contract/schemas.js';
import { curlCommand, exampleRequest, fieldKind, inferRequest, parseField, rowShape } from './oip-request.js';

const tensor = (name: string, datatype: string, shape: number[] | null = [-1, 1]): TensorSignature => ({
  name,
  datatype,
  shape,
});

describe('a try-it form', () => {
  it('reads each datatype as the field it needs, and none for a sequence', () => {
    expect(['FP64', 'INT64', 'UINT8', 'BOOL', 'BYTES'].map(fieldKind)).toEqual([
      'number',
      'integer',
      'integer',
      'boolean',
      'text',
    ]);
    expect(fieldKind('sequence<map<BYTES,FP32>>')).toBeNull();
  });

  it('sends one row: the batch and dynamic dimensions become 1, an unknown shape [1, 1]', () => {
    expect(rowShape(tensor('a', 'FP64', [-1, 1]))).toEqual([1, 1]);
    expect(rowShape(tensor('a', 'FP64', [-1, 3]))).toEqual([1, 3]);
    expect(rowShape(tensor('a', 'FP64', [-1]))).toEqual([1]);
    expect(rowShape(tensor('a', 'FP64', null))).toEqual([1, 1]);
  });

  it('refuses what an input cannot take, saying why', () => {
    expect(parseField(tensor('a', 'FP64'), ' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parseField(tensor('a', 'FP64'), '')).toEqual({ ok: false, error: 'enter a number' });
    expect(parseField(tensor('a', 'FP64'), '1,5')).toEqual({ ok: false, error: '1,5 is not a number' });
    expect(parseField(tensor('a', 'INT64'), '2.5')).toEqual({ ok: false, error: 'INT64 takes whole numbers' });
    expect(parseField(tensor('a', 'UINT8'), '-1')).toEqual({ ok: false, error: 'UINT8 takes no negative numbers' });
    expect(parseField(tensor('a', 'BYTES'), ' as typed ')).toEqual({ ok: true, value: ' as typed ' });
    expect(parseField(tensor('a', 'BOOL'), 'true')).toEqual({ ok: true, value: true });
  });

  it('makes an Open Inference Protocol request from valid fields, or lists the problems by field', () => {
    const inputs = [tensor('tenure', 'FP64'), tensor('plan', 'BYTES'), tensor('seats', 'INT64')];
    expect(inferRequest(inputs, { tenure: '3.5', plan: 'basic', seats: '2' })).toEqual({
      errors: null,
      request: {
        inputs: [
          { name: 'tenure', shape: [1, 1], datatype: 'FP64', data: [3.5] },
          { name: 'plan', shape: [1, 1], datatype: 'BYTES', data: ['basic'] },
          { name: 'seats', shape: [1, 1], datatype: 'INT64', data: [2] },
        ],
      },
    });
    expect(inferRequest(inputs, { tenure: 'x', plan: '' })).toEqual({
      request: null,
      errors: { tenure: 'x is not a number', seats: 'enter a number' },
    });
  });

  it('reads inputs named like members of every object by their own fields', () => {
    const proto = '__proto__';
    const inputs = [tensor('toString', 'FP64'), tensor('constructor', 'BYTES'), tensor(proto, 'INT64')];
    expect(inferRequest(inputs, {})).toEqual({
      request: null,
      errors: Object.fromEntries([
        ['toString', 'enter a number'],
        [proto, 'enter a number'],
      ]),
    });
    const fields = Object.fromEntries([
      ['toString', '1.5'],
      ['constructor', 'x'],
      [proto, '7'],
    ]) as Record<string, string>;
    expect(inferRequest(inputs, fields).request?.inputs.map((input) => [input.name, input.data[0]])).toEqual([
      ['toString', 1.5],
      ['constructor', 'x'],
      [proto, 7],
    ]);
  });
});

describe('the curl command of a deployment', () => {
  const url = 'http://127.0.0.1:8618/v2/models/churn/versions/prod';
  const request = exampleRequest([tensor('tenure', 'FP64'), tensor('plan', 'BYTES'), tensor('seats', 'INT32')]);

  it('sends one example row of the signature', () => {
    expect(request.inputs.map((input) => input.data[0])).toEqual([0.5, 'text', 1]);
  });

  it('posts the request to /infer, with the token header only when one is needed', () => {
    const command = curlCommand(url, request, false);
    expect(command.split(' \\\n')).toEqual([
      `curl -X POST '${url}/infer'`,
      `  -H 'Content-Type: application/json'`,
      `  -d '${JSON.stringify(request)}'`,
    ]);
    expect(curlCommand(url, request, true)).toContain(`-H "Authorization: Bearer $TRIAD_ACCESS_TOKEN"`);
  });

  it('quotes a single quote inside a value for the shell', () => {
    const quoted = curlCommand(
      url,
      { inputs: [{ name: 'q', shape: [1, 1], datatype: 'BYTES', data: ["it's"] }] },
      false,
    );
    expect(quoted).toContain(`"data":["it'\\''s"]`);
  });
});
