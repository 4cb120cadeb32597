import type { TensorSignature } from '../../../../shared/contract/schemas.js';
import { ownValue } from '../../../../shared/own-value.js';

/** How a form field reads an input of a datatype: whole numbers, reals, true/false, or text (BYTES). */
export type FieldKind = 'integer' | 'number' | 'boolean' | 'text';

const INTEGER_TYPES = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);
const REAL_TYPES = new Set(['FP16', 'FP32', 'FP64']);

/** The field kind of a datatype; null for what a form cannot fill (sequences, maps). */
export function fieldKind(datatype: string): FieldKind | null {
  if (INTEGER_TYPES.has(datatype)) return 'integer';
  if (REAL_TYPES.has(datatype)) return 'number';
  if (datatype === 'BOOL') return 'boolean';
  if (datatype === 'BYTES') return 'text';
  return null;
}

/** The shape of one row of an input: the batch dimension and every dynamic one as 1; [1, 1] when the model does not say. */
export function rowShape(tensor: TensorSignature): number[] {
  if (tensor.shape === null || tensor.shape.length === 0) return [1, 1];
  return tensor.shape.map((dim, index) => (index === 0 || dim < 0 ? 1 : dim));
}

export interface OipInput {
  name: string;
  shape: number[];
  datatype: string;
  data: (number | string | boolean)[];
}

/** An Open Inference Protocol v2 request body. */
export type OipRequest = { inputs: OipInput[] };

type Parsed = { ok: true; value: number | string | boolean } | { ok: false; error: string };

/** One field's text as the value its input takes, or why it cannot be. */
export function parseField(tensor: TensorSignature, text: string): Parsed {
  const kind = fieldKind(tensor.datatype);
  if (kind === null) return { ok: false, error: `a form cannot fill ${tensor.datatype}` };
  if (kind === 'text') return { ok: true, value: text };
  if (kind === 'boolean') return { ok: true, value: text === 'true' };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'enter a number' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: `${trimmed} is not a number` };
  if (kind === 'integer' && !Number.isInteger(value))
    return { ok: false, error: `${tensor.datatype} takes whole numbers` };
  if (tensor.datatype.startsWith('UINT') && value < 0)
    return { ok: false, error: `${tensor.datatype} takes no negative numbers` };
  return { ok: true, value };
}

/** The request one row of field values makes, or the problem of each field that has one. */
export function inferRequest(
  inputs: readonly TensorSignature[],
  values: Readonly<Record<string, string>>,
): { request: OipRequest; errors: null } | { request: null; errors: Record<string, string> } {
  const errors: [string, string][] = [];
  const request: OipRequest = { inputs: [] };
  for (const tensor of inputs) {
    const parsed = parseField(tensor, ownValue(values, tensor.name) ?? '');
    if (parsed.ok)
      request.inputs.push({
        name: tensor.name,
        shape: rowShape(tensor),
        datatype: tensor.datatype,
        data: [parsed.value],
      });
    else errors.push([tensor.name, parsed.error]);
  }
  return errors.length > 0 ? { request: null, errors: Object.fromEntries(errors) } : { request, errors: null };
}

/** A value of each input that a model takes, for an example request. */
function exampleValue(datatype: string): number | string | boolean {
  const kind = fieldKind(datatype);
  if (kind === 'text') return 'text';
  if (kind === 'boolean') return false;
  return kind === 'number' ? 0.5 : 1;
}

/** One example row for a signature: what the copied curl command sends. */
export function exampleRequest(inputs: readonly TensorSignature[]): OipRequest {
  return {
    inputs: inputs.map((tensor) => ({
      name: tensor.name,
      shape: rowShape(tensor),
      datatype: tensor.datatype,
      data: [exampleValue(tensor.datatype)],
    })),
  };
}

/** A text quoted for a POSIX shell: single quotes, with each single quote inside closed, escaped and reopened. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A curl command that POSTs a request to a deployment's infer endpoint, with the token's header when one is needed. */
export function curlCommand(deploymentUrl: string, request: OipRequest, tokenRequired: boolean): string {
  return [
    `curl -X POST ${shellQuote(`${deploymentUrl}/infer`)}`,
    `  -H 'Content-Type: application/json'`,
    ...(tokenRequired ? [`  -H "Authorization: Bearer $TRIAD_ACCESS_TOKEN"`] : []),
    `  -d ${shellQuote(JSON.stringify(request))}`,
  ].join(' \\\n');
}
