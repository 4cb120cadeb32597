import { create, toBinary } from '@bufbuild/protobuf';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';

/**
 * The versions every exported model declares: IR 8 with opset 17 and ai.onnx.ml 3, which
 * onnxruntime 1.14+ and the onnx checker 1.12+ (Debian's) understand.
 */
export const IR_VERSION = 8n;
export const OPSET = 17n;
export const ML_OPSET = 3n;
export const ML_DOMAIN = 'ai.onnx.ml';

export type ElementType = 'double' | 'float' | 'int64' | 'string';

const DATA_TYPE: Record<ElementType, TensorProto_DataType> = {
  double: TensorProto_DataType.DOUBLE,
  float: TensorProto_DataType.FLOAT,
  int64: TensorProto_DataType.INT64,
  string: TensorProto_DataType.STRING,
};

/** A dimension: a fixed size, or a name for one known only at run time (the batch). */
export type Dimension = number | string;

/** An attribute's value with its ONNX type said outright where a JavaScript value is ambiguous. */
export type Attribute =
  | { floats: readonly number[] }
  | { ints: readonly number[] }
  | { strings: readonly string[] }
  | { float: number }
  | { int: number }
  | { string: string }
  | { tensor: TensorProto };

const utf8 = new TextEncoder();

function attribute(name: string, value: Attribute): AttributeProto {
  const base = { name };
  if ('floats' in value)
    return create(AttributeProtoSchema, {
      ...base,
      type: AttributeProto_AttributeType.FLOATS,
      floats: [...value.floats],
    });
  if ('ints' in value)
    return create(AttributeProtoSchema, {
      ...base,
      type: AttributeProto_AttributeType.INTS,
      ints: value.ints.map((entry) => BigInt(entry)),
    });
  if ('strings' in value)
    return create(AttributeProtoSchema, {
      ...base,
      type: AttributeProto_AttributeType.STRINGS,
      strings: value.strings.map((entry) => utf8.encode(entry)),
    });
  if ('float' in value)
    return create(AttributeProtoSchema, { ...base, type: AttributeProto_AttributeType.FLOAT, f: value.float });
  if ('int' in value)
    return create(AttributeProtoSchema, { ...base, type: AttributeProto_AttributeType.INT, i: BigInt(value.int) });
  if ('string' in value)
    return create(AttributeProtoSchema, {
      ...base,
      type: AttributeProto_AttributeType.STRING,
      s: utf8.encode(value.string),
    });
  return create(AttributeProtoSchema, { ...base, type: AttributeProto_AttributeType.TENSOR, t: value.tensor });
}

/** A constant tensor of doubles, int64s or strings, row-major. */
export function tensor(
  name: string,
  type: 'double' | 'int64' | 'string',
  dims: readonly number[],
  values: readonly (number | string)[],
): TensorProto {
  const common = { name, dims: dims.map((dim) => BigInt(dim)), dataType: DATA_TYPE[type] };
  if (type === 'double') return create(TensorProtoSchema, { ...common, doubleData: values as number[] });
  if (type === 'int64')
    return create(TensorProtoSchema, { ...common, int64Data: values.map((value) => BigInt(value as number)) });
  return create(TensorProtoSchema, { ...common, stringData: values.map((value) => utf8.encode(String(value))) });
}

function valueInfo(name: string, type: ElementType, shape: readonly Dimension[]): ValueInfoProto {
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType: DATA_TYPE[type],
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
 * Builds one ONNX graph: inputs, constants, nodes and outputs, with names made unique where the
 * builder picks them. Nodes must be added in an order where every input already exists.
 */
export class OnnxGraph {
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly nodes: NodeProto[] = [];
  private readonly taken = new Set<string>();
  private usesMl = false;

  /** A fresh value name starting with `stem`. */
  name(stem: string): string {
    let candidate = stem;
    for (let index = 1; this.taken.has(candidate); index += 1) candidate = `${stem}_${index}`;
    this.taken.add(candidate);
    return candidate;
  }

  input(name: string, type: ElementType, shape: readonly Dimension[]): string {
    if (this.taken.has(name)) throw new Error(`two graph values are named ${name}`);
    this.taken.add(name);
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  constant(
    stem: string,
    type: 'double' | 'int64' | 'string',
    dims: readonly number[],
    values: readonly (number | string)[],
  ): string {
    const name = this.name(stem);
    this.initializers.push(tensor(name, type, dims, values));
    return name;
  }

  /** Adds a node; returns the names of its outputs (`outputs` stems made unique). */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Record<string, Attribute> = {},
    domain = '',
  ): string[] {
    if (domain === ML_DOMAIN) this.usesMl = true;
    const names = outputs.map((stem) => this.name(stem));
    this.nodes.push(
      create(NodeProtoSchema, {
        opType,
        domain,
        name: this.name(`${opType}_node`),
        input: [...inputs],
        output: names,
        attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
      }),
    );
    return names;
  }

  /** One node with one output. */
  op(
    opType: string,
    inputs: readonly string[],
    stem: string,
    attributes: Record<string, Attribute> = {},
    domain = '',
  ): string {
    return this.node(opType, inputs, [stem], attributes, domain)[0] as string;
  }

  /** Names `value` as a graph output (through an Identity when it needs a new name). */
  output(value: string, name: string, type: ElementType, shape: readonly Dimension[]): void {
    let exposed = value;
    if (value !== name) {
      if (this.taken.has(name)) throw new Error(`two graph values are named ${name}`);
      this.taken.add(name);
      this.nodes.push(
        create(NodeProtoSchema, {
          opType: 'Identity',
          name: this.name('Identity_node'),
          input: [value],
          output: [name],
        }),
      );
      exposed = name;
    }
    this.outputs.push(valueInfo(exposed, type, shape));
  }

  /** The model file's bytes. */
  toBytes(options: {
    graphName: string;
    producerVersion: string;
    docString: string;
    metadata: Record<string, string>;
  }): Uint8Array {
    const graph = create(GraphProtoSchema, {
      name: options.graphName,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    });
    const model = create(ModelProtoSchema, {
      irVersion: IR_VERSION,
      producerName: 'Triad',
      producerVersion: options.producerVersion,
      docString: options.docString,
      opsetImport: [
        create(OperatorSetIdProtoSchema, { domain: '', version: OPSET }),
        ...(this.usesMl ? [create(OperatorSetIdProtoSchema, { domain: ML_DOMAIN, version: ML_OPSET })] : []),
      ],
      metadataProps: Object.entries(options.metadata).map(([key, value]) =>
        create(StringStringEntryProtoSchema, { key, value }),
      ),
      graph,
    });
    return toBinary(ModelProtoSchema, model);
  }
}
