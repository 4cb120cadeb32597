import type * as ort from 'onnxruntime-node';
import { TriadError } from '../../../shared/contract/errors.js';
import type { NumericArray, ProtocolDatatype } from './datatypes.js';
import { isJsonObject, parseRequestJson, serializeJson } from './exact-json.js';
import { encodeOutputTensor, outputDatatype, type RequestInput } from './tensor-codec.js';

/** The header giving the JSON part's length when binary tensor data follows it (Node lower-cases header names). */
export const HEADER_LENGTH_HEADER = 'inference-header-content-length';

export interface RequestedOutput {
  name: string;
  parameters?: Record<string, unknown> | undefined;
}

/** The parts of an inference request this module reads; the server checks the rest. */
export interface InferenceRequestBody {
  id?: unknown;
  parameters?: Record<string, unknown> | undefined;
  inputs: RequestInput[];
  outputs?: RequestedOutput[] | undefined;
}

export interface ReadBody {
  request: InferenceRequestBody;
  /** Each input's binary data, in the order of `request.inputs`; undefined for inputs whose data is JSON. */
  binary: (Uint8Array | undefined)[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function invalid(message: string): never {
  throw new TriadError('invalid_input', message);
}

function headerLengthOf(value: string | string[] | undefined, bodyLength: number): number | null {
  if (value === undefined) return null;
  const text = Array.isArray(value) ? value.join(',') : value.trim();
  if (!/^\d{1,15}$/.test(text)) invalid(`Inference-Header-Content-Length "${text.slice(0, 40)}" is not a byte count`);
  const length = Number(text);
  if (length > bodyLength)
    invalid(`Inference-Header-Content-Length is ${length} but the body has only ${bodyLength} bytes`);
  return length;
}

function checkedRequest(parsed: unknown): InferenceRequestBody {
  if (!isJsonObject(parsed)) return invalid('the inference request is not a JSON object');
  const { inputs, outputs, parameters } = parsed;
  if (!Array.isArray(inputs)) invalid('the inference request has no "inputs" array');
  for (const [index, input] of inputs.entries())
    if (!isJsonObject(input) || typeof input.name !== 'string')
      invalid(`inputs[${index}] is not an object with a "name" string`);
  if (outputs !== undefined) {
    if (!Array.isArray(outputs)) invalid('the inference request\'s "outputs" is not an array');
    for (const [index, output] of outputs.entries())
      if (!isJsonObject(output) || typeof output.name !== 'string')
        invalid(`outputs[${index}] is not an object with a "name" string`);
  }
  if (parameters !== undefined && !isJsonObject(parameters))
    invalid('the inference request\'s "parameters" is not an object');
  return parsed as unknown as InferenceRequestBody;
}

/**
 * An inference request body: all JSON, or (with Inference-Header-Content-Length) a JSON header
 * followed by the binary data of each input that declares `binary_data_size`, in input order.
 */
export function readInferenceBody(body: Uint8Array, headerLength?: string | string[]): ReadBody {
  const jsonLength = headerLengthOf(headerLength, body.byteLength) ?? body.byteLength;
  let text: string;
  try {
    text = utf8.decode(body.subarray(0, jsonLength));
  } catch {
    return invalid("the request's JSON is not UTF-8 text");
  }
  const request = checkedRequest(parseRequestJson(text));
  const rest = body.subarray(jsonLength);
  const binary: (Uint8Array | undefined)[] = [];
  let offset = 0;
  for (const input of request.inputs) {
    const size = input.parameters?.binary_data_size;
    if (size === undefined) {
      binary.push(undefined);
      continue;
    }
    const label = `input "${input.name}"`;
    if (headerLength === undefined)
      invalid(`${label} has binary_data_size but the request has no Inference-Header-Content-Length header`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      invalid(`${label} has binary_data_size ${String(size)}; it must be a whole number of bytes`);
    if (offset + size > rest.byteLength)
      invalid(
        `${label} has binary_data_size ${size} but only ${rest.byteLength - offset} bytes of binary data remain for it`,
      );
    binary.push(rest.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== rest.byteLength)
    invalid(
      `the body has ${rest.byteLength - offset} bytes after the JSON header that no input's binary_data_size claims`,
    );
  return { request, binary };
}

function flag(value: unknown, where: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  return invalid(`${where} must be true or false`);
}

/** Whether an output goes back as binary data: its own `binary_data`, else the request's `binary_data_output`. */
export function wantsBinaryOutput(
  request: Pick<InferenceRequestBody, 'parameters' | 'outputs'>,
  outputName: string,
): boolean {
  const requested = request.outputs?.find((output) => output.name === outputName);
  const own = flag(requested?.parameters?.binary_data, `output "${outputName}"'s binary_data parameter`);
  if (own !== undefined) return own;
  return flag(request.parameters?.binary_data_output, 'the binary_data_output parameter') ?? false;
}

/** A tensor's bytes as the binary data extension lays them out (little-endian, row-major). */
export function tensorBytes(datatype: ProtocolDatatype, tensor: ort.Tensor): Uint8Array {
  if (datatype === 'BYTES') {
    const encoded = (tensor.data as string[]).map((text) => utf8Encoder.encode(text));
    let total = 0;
    for (const bytes of encoded) total += 4 + bytes.byteLength;
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    let at = 0;
    for (const bytes of encoded) {
      view.setUint32(at, bytes.byteLength, true);
      out.set(bytes, at + 4);
      at += 4 + bytes.byteLength;
    }
    return out;
  }
  const data = tensor.data as NumericArray;
  if (datatype === 'BOOL') return Uint8Array.from(data as Uint8Array, (byte) => (byte === 0 ? 0 : 1));
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export interface ResponseHead {
  model_name: string;
  model_version?: string | undefined;
  id?: string | undefined;
  parameters?: Record<string, unknown> | undefined;
}

export interface EncodedResponse {
  /** Text when all JSON: Node writes a text body in one write with its headers. */
  body: Buffer | string;
  /** The Inference-Header-Content-Length value; null when the body is all JSON. */
  headerLength: number | null;
  contentType: 'application/json' | 'application/octet-stream';
}

// The response is written field by field rather than as one object through serializeJson: it is
// on every request's path, and only the tensors' data needs the exact writer.
function headFields(head: ResponseHead): string {
  let fields = `"model_name":${JSON.stringify(head.model_name)}`;
  if (head.model_version !== undefined) fields += `,"model_version":${JSON.stringify(head.model_version)}`;
  if (head.id !== undefined) fields += `,"id":${JSON.stringify(head.id)}`;
  if (head.parameters !== undefined) fields += `,"parameters":${serializeJson(head.parameters)}`;
  return fields;
}

function outputFields(name: string, datatype: ProtocolDatatype, shape: readonly number[]): string {
  return `"name":${JSON.stringify(name)},"datatype":"${datatype}","shape":[${shape.join(',')}]`;
}

/**
 * An inference response body with each output as JSON or, where the request asks, as binary data
 * after the JSON (`parameters.binary_data_size` saying how much), exactly as the protocol writes them.
 */
export function encodeInferenceResponse(
  head: ResponseHead,
  outputs: readonly { name: string; tensor: ort.Tensor }[],
  request: Pick<InferenceRequestBody, 'parameters' | 'outputs'>,
): EncodedResponse {
  const entries: string[] = [];
  const chunks: Uint8Array[] = [];
  for (const { name, tensor } of outputs) {
    if (wantsBinaryOutput(request, name)) {
      const datatype = outputDatatype(name, tensor);
      const bytes = tensorBytes(datatype, tensor);
      chunks.push(bytes);
      entries.push(
        `{${outputFields(name, datatype, tensor.dims)},"parameters":{"binary_data_size":${bytes.byteLength}}}`,
      );
    } else {
      const { datatype, shape, data } = encodeOutputTensor(name, tensor);
      entries.push(`{${outputFields(name, datatype, shape)},"data":${serializeJson(data)}}`);
    }
  }
  const text = `{${headFields(head)},"outputs":[${entries.join(',')}]}`;
  if (chunks.length === 0) return { body: text, headerLength: null, contentType: 'application/json' };
  const json = Buffer.from(text);
  return {
    body: Buffer.concat([json, ...chunks]),
    headerLength: json.byteLength,
    contentType: 'application/octet-stream',
  };
}
