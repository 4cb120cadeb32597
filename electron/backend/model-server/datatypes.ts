import type { Tensor } from 'onnxruntime-node';

/**
 * The Open Inference Protocol's tensor datatypes that onnxruntime-node can hold. BF16 is left
 * out: onnxruntime-node 1.30's Tensor has no bfloat16 element type.
 */
export const PROTOCOL_DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
] as const;

export type ProtocolDatatype = (typeof PROTOCOL_DATATYPES)[number];

/** onnxruntime-node's name for each protocol datatype. */
export const ORT_TYPE = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
} as const satisfies Record<ProtocolDatatype, Tensor.Type>;

export type OrtElementType = (typeof ORT_TYPE)[ProtocolDatatype];

const PROTOCOL_OF: Readonly<Record<string, ProtocolDatatype>> = Object.fromEntries(
  PROTOCOL_DATATYPES.map((datatype) => [ORT_TYPE[datatype], datatype]),
);

/** Bytes per element in the binary data extension; BYTES elements have no fixed size. */
export const ELEMENT_BYTES: Readonly<Record<ProtocolDatatype, number | null>> = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
  BYTES: null,
};

export type NumericArray =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array;

export interface NumericArrayConstructor {
  new (length: number): NumericArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): NumericArray;
  readonly BYTES_PER_ELEMENT: number;
}

/** The typed array onnxruntime-node holds each fixed-size datatype in (FP16 as raw bits, BOOL as 0/1 bytes). */
export const ARRAY_TYPE: Readonly<Record<Exclude<ProtocolDatatype, 'BYTES'>, NumericArrayConstructor>> = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

export function isProtocolDatatype(value: unknown): value is ProtocolDatatype {
  return typeof value === 'string' && Object.hasOwn(ORT_TYPE, value);
}

/** The protocol datatype for an onnxruntime element type, or null when the protocol has none. */
export function protocolDatatypeOf(type: string): ProtocolDatatype | null {
  return Object.hasOwn(PROTOCOL_OF, type) ? (PROTOCOL_OF[type] as ProtocolDatatype) : null;
}
