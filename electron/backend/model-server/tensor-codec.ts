import * as ort from 'onnxruntime-node';
import { TriadError } from '../../../shared/contract/errors.js';
import {
  ARRAY_TYPE,
  ELEMENT_BYTES,
  isProtocolDatatype,
  type NumericArray,
  ORT_TYPE,
  type ProtocolDatatype,
  protocolDatatypeOf,
} from './datatypes.js';
import { fromFloat16Bits, toFloat16Bits } from './float16.js';

/** One entry of a request's `inputs`, as the body carries it (nothing checked yet). */
export interface RequestInput {
  name: string;
  shape?: unknown;
  datatype?: unknown;
  data?: unknown;
  parameters?: Record<string, unknown> | undefined;
}

/** A model input as its signature declares it; -1 marks a dimension of any size, a null shape any shape. */
export interface TensorSignature {
  name: string;
  /** A protocol datatype, or what the model takes that the protocol cannot carry (a sequence, BF16). */
  datatype: string;
  shape: readonly number[] | null;
}

export type OutputData = NumericArray | number[] | boolean[] | string[];

/** One entry of a response's `outputs`; `data` is flat, row-major, and written exactly by serializeJson. */
export interface ProtocolOutput {
  name: string;
  datatype: ProtocolDatatype;
  shape: number[];
  data: OutputData;
}

/** The most elements (so also the largest dimension) one input may have: larger shapes are refused before anything is allocated. */
export const MAX_ELEMENTS = 2 ** 31 - 1;
export const MAX_RANK = 32;

const INTEGER_RANGE: Partial<Record<ProtocolDatatype, readonly [number, number]>> = {
  INT8: [-128, 127],
  UINT8: [0, 255],
  INT16: [-32768, 32767],
  UINT16: [0, 65535],
  INT32: [-2147483648, 2147483647],
  UINT32: [0, 4294967295],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function invalid(message: string): never {
  throw new TriadError('invalid_input', message);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'bigint') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return 'an object';
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function checkedShape(input: RequestInput, expected: TensorSignature, label: string): number[] {
  const { shape } = input;
  if (!Array.isArray(shape)) return invalid(`${label} has no "shape" array`);
  if (shape.length > MAX_RANK) invalid(`${label} has ${shape.length} dimensions; at most ${MAX_RANK} are accepted`);
  for (let axis = 0; axis < shape.length; axis += 1) {
    const dim: unknown = shape[axis];
    if (typeof dim === 'bigint' || (typeof dim === 'number' && Number.isInteger(dim) && dim > MAX_ELEMENTS))
      invalid(`${label} has dimension ${axis} of ${dim}, larger than the ${MAX_ELEMENTS} accepted`);
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0)
      invalid(`${label} has dimension ${axis} of ${kindOf(dim)}; dimensions are whole numbers of 0 or more`);
  }
  const dims = shape as number[];
  if (expected.shape !== null) {
    if (dims.length !== expected.shape.length)
      invalid(
        `${label} has shape ${shapeText(dims)} of ${dims.length} dimensions but the model takes ${expected.shape.length}: ${shapeText(expected.shape)}`,
      );
    for (let axis = 0; axis < dims.length; axis += 1) {
      const want = expected.shape[axis] as number;
      if (want >= 0 && dims[axis] !== want)
        invalid(
          `${label} has shape ${shapeText(dims)} but the model takes ${shapeText(expected.shape)} (dimension ${axis} must be ${want})`,
        );
    }
  }
  return dims;
}

function elementCount(shape: readonly number[], label: string): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  if (count > MAX_ELEMENTS)
    invalid(`${label} has shape ${shapeText(shape)} of ${count} elements, more than the ${MAX_ELEMENTS} accepted`);
  return count;
}

/** The request's values in row-major order: the data array itself when flat, else a checked flattening. */
function flatValues(data: unknown[], shape: readonly number[], count: number, label: string): unknown[] {
  if (data.length === count && (count === 0 || !Array.isArray(data[0]))) return data;
  if (shape.length < 2 || !Array.isArray(data[0]))
    return invalid(`${label} has ${data.length} values but shape ${shapeText(shape)} holds ${count}`);
  const flat = new Array<unknown>(count);
  let at = 0;
  const walk = (items: unknown, axis: number, path: string): void => {
    const want = shape[axis] as number;
    if (!Array.isArray(items) || items.length !== want)
      invalid(
        `${label} data${path} is ${Array.isArray(items) ? `an array of ${items.length}` : kindOf(items)} but shape ${shapeText(shape)} needs an array of ${want} there`,
      );
    if (axis === shape.length - 1) {
      for (let index = 0; index < want; index += 1) flat[at++] = items[index];
    } else for (let index = 0; index < want; index += 1) walk(items[index], axis + 1, `${path}[${index}]`);
  };
  walk(data, 0, '');
  return flat;
}

function badNumber(label: string, datatype: ProtocolDatatype, index: number, value: unknown): never {
  if (typeof value === 'string' && NON_FINITE_WORD.test(value))
    invalid(
      `${label} element ${index} is ${kindOf(value)}: JSON cannot express NaN or Infinity; send ${datatype} tensors holding them with the binary data extension`,
    );
  return invalid(`${label} element ${index} is ${kindOf(value)}, not a ${datatype} number`);
}

function outOfRange(label: string, datatype: ProtocolDatatype, index: number, value: unknown): never {
  return invalid(
    `${label} element ${index} (${value}) is outside the finite ${datatype} range; JSON cannot express NaN or Infinity, which travel only with the binary data extension`,
  );
}

function decodeFloats(values: unknown[], out: Float32Array | Float64Array, label: string, datatype: ProtocolDatatype) {
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (typeof value === 'number') out[index] = value;
    else if (typeof value === 'bigint') out[index] = Number(value);
    else badNumber(label, datatype, index, value);
    const stored = out[index] as number;
    if (stored - stored !== 0) outOfRange(label, datatype, index, value);
  }
}

function decodeFloat16(values: unknown[], out: Uint16Array, label: string) {
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    let number: number;
    if (typeof value === 'number') number = value;
    else if (typeof value === 'bigint') number = Number(value);
    else return badNumber(label, 'FP16', index, value);
    const bits = toFloat16Bits(number);
    if ((bits & 0x7c00) === 0x7c00) outOfRange(label, 'FP16', index, value);
    out[index] = bits;
  }
}

function decodeIntegers(values: unknown[], out: NumericArray, label: string, datatype: ProtocolDatatype) {
  const [min, max] = INTEGER_RANGE[datatype] as readonly [number, number];
  const target = out as Int32Array;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (typeof value === 'number' && value >= min && value <= max && Math.floor(value) === value) target[index] = value;
    else integerRefusal(label, datatype, index, value, `[${min}, ${max}]`);
  }
}

function integerRefusal(
  label: string,
  datatype: ProtocolDatatype,
  index: number,
  value: unknown,
  range: string,
): never {
  if (typeof value === 'number' && !Number.isInteger(value) && Number.isFinite(value))
    invalid(`${label} element ${index} (${value}) is not a whole number, as ${datatype} needs`);
  if (typeof value === 'number' || typeof value === 'bigint')
    invalid(`${label} element ${index} (${value}) is outside the ${datatype} range ${range}`);
  return invalid(`${label} element ${index} is ${kindOf(value)}, not a ${datatype} number`);
}

function decodeInt64(
  values: unknown[],
  out: BigInt64Array | BigUint64Array,
  label: string,
  datatype: 'INT64' | 'UINT64',
) {
  const min = datatype === 'INT64' ? INT64_MIN : 0n;
  const max = datatype === 'INT64' ? INT64_MAX : UINT64_MAX;
  const range = `[${min}, ${max}]`;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    let exact: bigint;
    if (typeof value === 'number' && Number.isSafeInteger(value)) exact = BigInt(value);
    else if (typeof value === 'bigint') exact = value;
    else if (typeof value === 'number' && Number.isInteger(value))
      return invalid(
        `${label} element ${index} (${value}) is beyond the integers a double holds exactly; write ${datatype} values as plain digits`,
      );
    else return integerRefusal(label, datatype, index, value, range);
    if (exact < min || exact > max) integerRefusal(label, datatype, index, value, range);
    out[index] = exact;
  }
}

function decodeBooleans(values: unknown[], out: Uint8Array, label: string) {
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (value === true) out[index] = 1;
    else if (value !== false) invalid(`${label} element ${index} is ${kindOf(value)}; BOOL elements are true or false`);
  }
}

function decodeStrings(values: unknown[], label: string): string[] {
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (typeof value !== 'string') invalid(`${label} element ${index} is ${kindOf(value)}, not a BYTES string`);
    if (!(value as string & { isWellFormed(): boolean }).isWellFormed())
      invalid(`${label} element ${index} holds an unpaired UTF-16 surrogate, which has no UTF-8 form`);
    if ((value as string).includes('\0')) nulRefusal(label, index);
  }
  return values as string[];
}

/** onnxruntime-node passes strings as C strings: everything from a NUL on would silently vanish. */
function nulRefusal(label: string, index: number): never {
  return invalid(`${label} element ${index} contains a NUL character, which onnxruntime string tensors cannot hold`);
}

function fromJson(input: RequestInput, datatype: ProtocolDatatype, shape: number[], count: number, label: string) {
  if (!Array.isArray(input.data)) return invalid(`${label} has no "data" array (nor binary_data_size)`);
  const values = flatValues(input.data, shape, count, label);
  if (datatype === 'BYTES') return decodeStrings(values, label);
  const out = new ARRAY_TYPE[datatype](count);
  if (datatype === 'FP32' || datatype === 'FP64') decodeFloats(values, out as Float32Array, label, datatype);
  else if (datatype === 'INT64' || datatype === 'UINT64') decodeInt64(values, out as BigInt64Array, label, datatype);
  else if (datatype === 'BOOL') decodeBooleans(values, out as Uint8Array, label);
  else if (datatype === 'FP16') decodeFloat16(values, out as Uint16Array, label);
  else decodeIntegers(values, out, label, datatype);
  return out;
}

function stringsFromBinary(bytes: Uint8Array, count: number, label: string): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const strings = new Array<string>(count);
  let at = 0;
  for (let index = 0; index < count; index += 1) {
    if (at + 4 > bytes.byteLength)
      invalid(`${label}'s binary data ends at byte ${bytes.byteLength}, before element ${index}'s 4-byte length`);
    const length = view.getUint32(at, true);
    at += 4;
    if (at + length > bytes.byteLength)
      invalid(
        `${label} element ${index} claims ${length} bytes but only ${bytes.byteLength - at} remain in its binary data`,
      );
    try {
      strings[index] = utf8.decode(bytes.subarray(at, at + length));
    } catch {
      invalid(`${label} element ${index} is not UTF-8 text; onnxruntime string tensors hold text only`);
    }
    if (bytes.subarray(at, at + length).includes(0)) nulRefusal(label, index);
    at += length;
  }
  if (at !== bytes.byteLength)
    invalid(`${label}'s binary data has ${bytes.byteLength - at} bytes left over after its ${count} BYTES elements`);
  return strings;
}

function fromBinary(bytes: Uint8Array, datatype: ProtocolDatatype, shape: number[], count: number, label: string) {
  if (datatype === 'BYTES') return stringsFromBinary(bytes, count, label);
  const size = ELEMENT_BYTES[datatype] as number;
  if (bytes.byteLength !== count * size)
    invalid(
      `${label} has ${bytes.byteLength} bytes of binary data but ${count} ${datatype} elements of shape ${shapeText(shape)} take ${count * size}`,
    );
  const out = new ARRAY_TYPE[datatype](count);
  new Uint8Array(out.buffer).set(bytes);
  if (datatype === 'BOOL')
    for (let index = 0; index < count; index += 1)
      if ((out[index] as number) > 1) invalid(`${label} element ${index} is byte ${out[index]}; BOOL bytes are 0 or 1`);
  return out;
}

/**
 * The onnxruntime tensor for one request input, checked against the model's signature. `binary`
 * is the input's slice of the binary data extension's bytes, when it has `binary_data_size`.
 */
export function decodeInputTensor(input: RequestInput, expected: TensorSignature, binary?: Uint8Array): ort.Tensor {
  const label = `input "${input.name}"`;
  const { datatype } = input;
  if (!isProtocolDatatype(datatype))
    invalid(
      typeof datatype === 'string'
        ? `${label} has datatype "${datatype}", which this server does not support`
        : `${label} has no "datatype" string`,
    );
  if (datatype !== expected.datatype)
    invalid(`${label} has datatype ${datatype} but the model takes ${expected.datatype}`);
  const shape = checkedShape(input, expected, label);
  const count = elementCount(shape, label);
  const hasBinarySize = input.parameters?.binary_data_size !== undefined;
  if (binary === undefined && hasBinarySize)
    invalid(
      `${label} has binary_data_size but the request carries no binary data (no Inference-Header-Content-Length)`,
    );
  if (binary !== undefined && input.data !== undefined) invalid(`${label} has both "data" and binary data`);
  const data =
    binary === undefined
      ? fromJson(input, datatype, shape, count, label)
      : fromBinary(binary, datatype, shape, count, label);
  return new ort.Tensor(ORT_TYPE[datatype], data as Float32Array, shape);
}

/** The protocol datatype of a tensor, refusing element types the protocol cannot carry. */
export function outputDatatype(name: string, tensor: ort.Tensor): ProtocolDatatype {
  const datatype = protocolDatatypeOf(tensor.type);
  if (datatype === null)
    throw new TriadError(
      'invalid_output',
      `output "${name}" has element type ${tensor.type}, which the protocol cannot carry`,
    );
  return datatype;
}

/** A response output for a tensor: numeric data stays in its typed array; FP16 and BOOL become numbers and booleans. */
export function encodeOutputTensor(name: string, tensor: ort.Tensor): ProtocolOutput {
  const datatype = outputDatatype(name, tensor);
  const shape = Array.from(tensor.dims);
  const source = tensor.data as OutputData;
  let data: OutputData = source;
  if (datatype === 'FP16') {
    const bits = source as Uint16Array;
    const numbers = new Array<number>(bits.length);
    for (let index = 0; index < bits.length; index += 1) numbers[index] = fromFloat16Bits(bits[index] as number);
    data = numbers;
  } else if (datatype === 'BOOL') {
    const bytes = source as Uint8Array;
    const booleans = new Array<boolean>(bytes.length);
    for (let index = 0; index < bytes.length; index += 1) booleans[index] = bytes[index] !== 0;
    data = booleans;
  }
  return { name, datatype, shape, data };
}
