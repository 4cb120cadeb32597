import { addPreprocessing } from '../preprocessing.js';
import type { TabularKMeansModel } from '../tabular-kmeans.js';
import type { ModelMetadata } from './linear-onnx.js';
import { OnnxGraph } from './onnx-graph.js';

/**
 * k-means as standard operators in doubles: each row's squared distance to every center
 * (`distances` [N, k]) and the nearest one (`cluster` [N], int64, the first of equals).
 */
export function kmeansModelOnnx(model: TabularKMeansModel, metadata: ModelMetadata): Uint8Array {
  const graph = new OnnxGraph();
  const features = addPreprocessing(graph, model.encodings);
  const { centers, k, width } = model.kmeans;
  const rows = graph.op('Unsqueeze', [features, graph.constant('row_axis', 'int64', [1], [1])], 'rows');
  const centerTensor = graph.constant('centers', 'double', [1, k, width], [...centers]);
  const differences = graph.op('Sub', [rows, centerTensor], 'differences');
  const distances = graph.op('ReduceSumSquare', [differences], 'squared_distances', {
    axes: { ints: [2] },
    keepdims: { int: 0 },
  });
  const cluster = graph.op('ArgMin', [distances], 'nearest', { axis: { int: 1 }, keepdims: { int: 0 } });
  graph.output(cluster, 'cluster', 'int64', ['N']);
  graph.output(distances, 'distances', 'double', ['N', k]);
  return graph.toBytes({
    graphName: 'triad_kmeans',
    producerVersion: metadata.producerVersion,
    docString: 'k-means clustering trained by Triad',
    metadata: {
      ...metadata.properties,
      'triad.version': metadata.producerVersion,
      'triad.algorithm': 'kmeans',
      'triad.inputs': JSON.stringify(model.encodings.map((encoding) => encoding.name)),
      'triad.features': JSON.stringify(model.featureNames),
    },
  });
}
