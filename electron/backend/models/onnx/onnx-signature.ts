import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType, type TypeProto, type ValueInfoProto } from 'onnx-buf';
import { TriadError } from '../../../../shared/contract/errors.js';
import type { ModelSignature, TensorSignature } from '../../../../shared/contract/schemas.js';

/** ONNX element types by the names the Open Inference Protocol gives them. */
const DATATYPES: Partial<Record<TensorProto_DataType, string>> = {
  [TensorProto_DataType.FLOAT16]: 'FP16',
  [TensorProto_DataType.FLOAT]: 'FP32',
  [TensorProto_DataType.DOUBLE]: 'FP64',
  [TensorProto_DataType.INT8]: 'INT8',
  [TensorProto_DataType.INT16]: 'INT16',
  [TensorProto_DataType.INT32]: 'INT32',
  [TensorProto_DataType.INT64]: 'INT64',
  [TensorProto_DataType.UINT8]: 'UINT8',
  [TensorProto_DataType.UINT16]: 'UINT16',
  [TensorProto_DataType.UINT32]: 'UINT32',
  [TensorProto_DataType.UINT64]: 'UINT64',
  [TensorProto_DataType.BOOL]: 'BOOL',
  [TensorProto_DataType.STRING]: 'BYTES',
  [TensorProto_DataType.BFLOAT16]: 'BF16',
};

function elementName(type: number): string {
  return DATATYPES[type as TensorProto_DataType] ?? TensorProto_DataType[type] ?? `type ${type}`;
}

function describeType(type: TypeProto | undefined): string {
  const value = type?.value;
  switch (value?.case) {
    case 'tensorType':
      return elementName(value.value.elemType);
    case 'sequenceType':
      return `sequence<${describeType(value.value.elemType)}>`;
    case 'mapType':
      return `map<${elementName(value.value.keyType)},${describeType(value.value.valueType)}>`;
    case 'optionalType':
      return `optional<${describeType(value.value.elemType)}>`;
    default:
      return 'unknown';
  }
}

function tensorSignature(info: ValueInfoProto): TensorSignature {
  const value = info.type?.value;
  const shape =
    value?.case === 'tensorType' && value.value.shape
      ? value.value.shape.dim.map((dim) => (dim.value.case === 'dimValue' ? Number(dim.value.value) : -1))
      : null;
  return { name: info.name, datatype: describeType(info.type), shape };
}

/**
 * Reads a model file's signature (inputs and outputs with their types and shapes), versions and
 * metadata from its bytes; refuses bytes that are not an ONNX model, saying why.
 */
export function readOnnxSignature(bytes: Uint8Array, file: string): ModelSignature {
  let model: ReturnType<typeof fromBinary<typeof ModelProtoSchema>>;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    throw new TriadError(
      'invalid_input',
      `${file} is not an ONNX model (it does not decode as one: ${(error as Error).message})`,
    );
  }
  const graph = model.graph;
  if (model.irVersion === 0n || !graph || graph.node.length === 0 || graph.output.length === 0)
    throw new TriadError(
      'invalid_input',
      `${file} is not an ONNX model: it has ${model.irVersion === 0n ? 'no IR version' : 'no graph with nodes and outputs'}`,
    );
  const initialized = new Set(graph.initializer.map((tensor) => tensor.name));
  return {
    // Older exporters list initializers among the inputs; a caller feeds only the others.
    inputs: graph.input.filter((input) => !initialized.has(input.name)).map(tensorSignature),
    outputs: graph.output.map(tensorSignature),
    irVersion: Number(model.irVersion),
    opsets: Object.fromEntries(model.opsetImport.map((opset) => [opset.domain, Number(opset.version)])),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    metadata: Object.fromEntries(model.metadataProps.map((entry) => [entry.key, entry.value])),
  };
}
