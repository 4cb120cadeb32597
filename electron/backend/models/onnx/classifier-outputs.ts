import type { ClassLabels } from '../class-labels.js';
import type { OnnxGraph } from './onnx-graph.js';

/**
 * A classifier's outputs from its double scores ([N, 1], the positive class's logit, for two
 * classes; [N, classes] otherwise): `label` [N] (the most probable class) and `probabilities`
 * [N, classes], by sigmoid or softmax.
 */
export function addClassifierOutputs(graph: OnnxGraph, scores: string, classes: ClassLabels): void {
  let probabilities: string;
  if (classes.values.length === 2) {
    const positive = graph.op('Sigmoid', [scores], 'positive');
    const negative = graph.op('Sub', [graph.constant('one', 'double', [], [1]), positive], 'negative');
    probabilities = graph.op('Concat', [negative, positive], 'class_probabilities', { axis: { int: 1 } });
  } else {
    probabilities = graph.op('Softmax', [scores], 'class_probabilities', { axis: { int: 1 } });
  }
  const best = graph.op('ArgMax', [probabilities], 'best', { axis: { int: 1 }, keepdims: { int: 0 } });
  const labelType = classes.kind === 'text' ? 'string' : 'int64';
  const label = graph.op(
    'Gather',
    [graph.constant('classes', labelType, [classes.values.length], classes.values), best],
    'predicted',
  );
  graph.output(label, 'label', labelType, ['N']);
  graph.output(probabilities, 'probabilities', 'double', ['N', classes.values.length]);
}
