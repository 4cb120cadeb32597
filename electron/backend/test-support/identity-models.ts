import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import type { ProtocolDatatype } from '../model-server/datatypes.js';

const ONNX_TYPE: Record<ProtocolDatatype, TensorProto_DataType> = {
  BOOL: TensorProto_DataType.BOOL,
  UINT8: TensorProto_DataType.UINT8,
  UINT16: TensorProto_DataType.UINT16,
  UINT32: TensorProto_DataType.UINT32,
  UINT64: TensorProto_DataType.UINT64,
  INT8: TensorProto_DataType.INT8,
  INT16: TensorProto_DataType.INT16,
  INT32: TensorProto_DataType.INT32,
  INT64: TensorProto_DataType.INT64,
  FP16: TensorProto_DataType.FLOAT16,
  FP32: TensorProto_DataType.FLOAT,
  FP64: TensorProto_DataType.DOUBLE,
  BYTES: TensorProto_DataType.STRING,
};

function valueInfo(name: string, datatype: ProtocolDatatype, shape: readonly (number | string)[]) {
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType: ONNX_TYPE[datatype],
          shape: create(TensorShapeProtoSchema, {
            dim: shape.map((dim) =>
              create(TensorShapeProto_DimensionSchema, {
                value:
                  typeof dim === 'number' ? { case: 'dimValue', value: BigInt(dim) } : { case: 'dimParam', value: dim },
              }),
            ),
          }),
        }),
      },
    }),
  });
}

/**
 * A one-node model from input `x` (or `inputName`) to output `y`: Identity passes x through, Add
 * gives x + x, Cast converts x to `to`. A string dimension is dynamic.
 */
export function oneNodeModel(
  op: 'Identity' | 'Add' | 'Cast',
  datatype: ProtocolDatatype,
  shape: readonly (number | string)[] = ['batch', 'width'],
  to: ProtocolDatatype = datatype,
  inputName = 'x',
): Uint8Array {
  const attribute =
    op === 'Cast'
      ? [create(AttributeProtoSchema, { name: 'to', type: AttributeProto_AttributeType.INT, i: BigInt(ONNX_TYPE[to]) })]
      : [];
  const graph = create(GraphProtoSchema, {
    name: `${op}_${datatype}`,
    node: [
      create(NodeProtoSchema, {
        opType: op,
        name: 'only',
        input: op === 'Add' ? [inputName, inputName] : [inputName],
        output: ['y'],
        attribute,
      }),
    ],
    input: [valueInfo(inputName, datatype, shape)],
    output: [valueInfo('y', to, shape)],
  });
  return toBinary(
    ModelProtoSchema,
    create(ModelProtoSchema, {
      irVersion: 8n,
      producerName: 'Triad tests',
      opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 17n })],
      graph,
    }),
  );
}

/** An onnxruntime session over `oneNodeModel`. */
export function oneNodeSession(
  op: 'Identity' | 'Add' | 'Cast',
  datatype: ProtocolDatatype,
  shape?: readonly (number | string)[],
  to?: ProtocolDatatype,
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(oneNodeModel(op, datatype, shape, to));
}
