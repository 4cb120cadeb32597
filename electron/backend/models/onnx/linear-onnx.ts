import { addPreprocessing } from '../preprocessing.js';
import type { TabularLinearModel } from '../tabular-linear.js';
import { addClassifierOutputs } from './classifier-outputs.js';
import { OnnxGraph } from './onnx-graph.js';

export interface ModelMetadata {
  producerVersion: string;
  /** Stored as metadata_props, e.g. the training data's hash. */
  properties: Record<string, string>;
}

/**
 * The model as an ONNX graph of standard operators in doubles (plus ai.onnx.ml's OneHotEncoder
 * for text columns): one input per column, then `label` [N] and `probabilities` [N, classes]
 * for a classifier, or `variable` [N, 1] for a regression.
 */
export function linearModelOnnx(model: TabularLinearModel, metadata: ModelMetadata): Uint8Array {
  const graph = new OnnxGraph();
  const features = addPreprocessing(graph, model.encodings);
  const { width, weights, intercepts } = model.linear;
  const outputs = intercepts.length;
  // MatMul wants [features, outputs]; the model keeps weights output by output.
  const matrix: number[] = [];
  for (let j = 0; j < width; j++)
    for (let output = 0; output < outputs; output++) matrix.push(weights[output * width + j] as number);
  const product = graph.op(
    'MatMul',
    [features, graph.constant('weights', 'double', [width, outputs], matrix)],
    'product',
  );
  const scores = graph.op(
    'Add',
    [product, graph.constant('intercepts', 'double', [outputs], [...intercepts])],
    'scores',
  );
  const classes = model.classes;
  const properties = {
    ...metadata.properties,
    'triad.version': metadata.producerVersion,
    'triad.algorithm': model.algorithm,
    'triad.inputs': JSON.stringify(model.encodings.map((encoding) => encoding.name)),
    'triad.features': JSON.stringify(model.featureNames),
    ...(classes ? { 'triad.classes': JSON.stringify(classes.values) } : {}),
  };
  const options = {
    graphName: `triad_${model.algorithm}`,
    producerVersion: metadata.producerVersion,
    docString: classes ? 'Logistic regression trained by Triad' : 'Linear regression trained by Triad',
    metadata: properties,
  };
  if (!classes) {
    graph.output(scores, 'variable', 'double', ['N', 1]);
    return graph.toBytes(options);
  }
  addClassifierOutputs(graph, scores, classes);
  return graph.toBytes(options);
}
