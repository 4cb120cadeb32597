import type { FeatureBins } from '../gbdt/binning.js';
import type { Tree } from '../gbdt/tree.js';
import type { TabularGbdtModel } from '../tabular-gbdt.js';
import { addClassifierOutputs } from './classifier-outputs.js';
import type { ModelMetadata } from './linear-onnx.js';
import { ML_DOMAIN, OnnxGraph, tensor } from './onnx-graph.js';

/** One input per column: a number as is, a text value as its category's position (-1 unknown or missing). */
function addFeatureInputs(graph: OnnxGraph, bins: readonly FeatureBins[]): string {
  const parts = bins.map((feature) => {
    if (feature.kind === 'numeric') return graph.input(feature.name, 'double', ['N', 1]);
    const input = graph.input(feature.name, 'string', ['N', 1]);
    const position = graph.op(
      'LabelEncoder',
      [input],
      'category_position',
      {
        keys_strings: { strings: feature.categories },
        values_int64s: { ints: feature.categories.map((_, at) => at) },
        default_int64: { int: -1 },
      },
      ML_DOMAIN,
    );
    return graph.op('Cast', [position], `${feature.name}_position`, { to: { int: 11 } });
  });
  return parts.length === 1 ? (parts[0] as string) : graph.op('Concat', parts, 'features', { axis: { int: 1 } });
}

/** The trees as ai.onnx.ml TreeEnsembleRegressor attributes, thresholds and leaf values in doubles. */
function ensembleAttributes(trees: readonly Tree[], outputs: number, baseScores: Float64Array) {
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTracksTrue: [] as number[],
  };
  const targets = { treeIds: [] as number[], nodeIds: [] as number[], ids: [] as number[], weights: [] as number[] };
  trees.forEach((tree, treeId) => {
    for (let node = 0; node < tree.feature.length; node++) {
      const feature = tree.feature[node] as number;
      nodes.treeIds.push(treeId);
      nodes.nodeIds.push(node);
      if (feature < 0) {
        nodes.featureIds.push(0);
        nodes.modes.push('LEAF');
        nodes.values.push(0);
        nodes.trueIds.push(0);
        nodes.falseIds.push(0);
        nodes.missingTracksTrue.push(0);
        targets.treeIds.push(treeId);
        targets.nodeIds.push(node);
        targets.ids.push(treeId % outputs);
        targets.weights.push(tree.value[node] as number);
        continue;
      }
      nodes.featureIds.push(feature);
      nodes.modes.push(tree.categorical[node] ? 'BRANCH_EQ' : 'BRANCH_LEQ');
      nodes.values.push(tree.threshold[node] as number);
      nodes.trueIds.push(tree.left[node] as number);
      nodes.falseIds.push(tree.right[node] as number);
      nodes.missingTracksTrue.push(tree.categorical[node] ? 0 : (tree.defaultLeft[node] as number));
    }
  });
  return {
    n_targets: { int: outputs },
    aggregate_function: { string: 'SUM' },
    post_transform: { string: 'NONE' },
    nodes_treeids: { ints: nodes.treeIds },
    nodes_nodeids: { ints: nodes.nodeIds },
    nodes_featureids: { ints: nodes.featureIds },
    nodes_modes: { strings: nodes.modes },
    nodes_values_as_tensor: { tensor: tensor('nodes_values', 'double', [nodes.values.length], nodes.values) },
    nodes_truenodeids: { ints: nodes.trueIds },
    nodes_falsenodeids: { ints: nodes.falseIds },
    nodes_missing_value_tracks_true: { ints: nodes.missingTracksTrue },
    target_treeids: { ints: targets.treeIds },
    target_nodeids: { ints: targets.nodeIds },
    target_ids: { ints: targets.ids },
    target_weights_as_tensor: { tensor: tensor('target_weights', 'double', [targets.weights.length], targets.weights) },
    base_values_as_tensor: { tensor: tensor('base_values', 'double', [outputs], [...baseScores]) },
  };
}

/**
 * The boosted trees as one ai.onnx.ml TreeEnsembleRegressor over one input per column (text
 * mapped to category positions by a LabelEncoder), its float32 scores cast to doubles, then
 * `label` and `probabilities` for a classifier or `variable` [N, 1] for a regression.
 */
export function gbdtModelOnnx(model: TabularGbdtModel, metadata: ModelMetadata): Uint8Array {
  const { boosted, classes } = model;
  const graph = new OnnxGraph();
  const features = addFeatureInputs(graph, boosted.bins);
  const ensemble = graph.op(
    'TreeEnsembleRegressor',
    [features],
    'tree_scores',
    ensembleAttributes(boosted.trees, boosted.outputs, boosted.baseScores),
    ML_DOMAIN,
  );
  const scores = graph.op('Cast', [ensemble], 'scores', { to: { int: 11 } });
  const options = {
    graphName: 'triad_gbdt',
    producerVersion: metadata.producerVersion,
    docString: `Gradient-boosted trees (${boosted.rounds} rounds) trained by Triad`,
    metadata: {
      ...metadata.properties,
      'triad.version': metadata.producerVersion,
      'triad.algorithm': 'gbdt',
      'triad.inputs': JSON.stringify(boosted.bins.map((feature) => feature.name)),
      'triad.features': JSON.stringify(boosted.bins.map((feature) => feature.name)),
      ...(classes ? { 'triad.classes': JSON.stringify(classes.values) } : {}),
    },
  };
  if (!classes) {
    graph.output(scores, 'variable', 'double', ['N', 1]);
    return graph.toBytes(options);
  }
  addClassifierOutputs(graph, scores, classes);
  return graph.toBytes(options);
}
