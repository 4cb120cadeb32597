import type { ClassLabels } from './class-labels.js';
import { sigmoid, softmaxInto } from './linear-model.js';
import type { Predictions } from './predictions.js';

/**
 * A classifier's predictions from its scores (rows x 1 for two classes, the positive class's
 * logit; rows x classes otherwise): probabilities by sigmoid or softmax, and the most probable
 * class (the first on a tie, as ONNX's ArgMax).
 */
export function classPredictions(
  scores: Float64Array,
  rows: number,
  classes: ClassLabels,
): Extract<Predictions, { kind: 'classes' }> {
  const classCount = classes.values.length;
  const probabilities = new Float64Array(rows * classCount);
  if (classCount === 2) {
    for (let row = 0; row < rows; row++) {
      const positive = sigmoid(scores[row] as number);
      probabilities[row * 2] = 1 - positive;
      probabilities[row * 2 + 1] = positive;
    }
  } else {
    for (let row = 0; row < rows; row++)
      softmaxInto(scores, row * classCount, classCount, probabilities, row * classCount);
  }
  const labels = Array.from({ length: rows }, (_, row) => {
    let best = 0;
    for (let k = 1; k < classCount; k++)
      if ((probabilities[row * classCount + k] as number) > (probabilities[row * classCount + best] as number))
        best = k;
    return classes.values[best] as string | number;
  });
  return { kind: 'classes', labels, probabilities, classCount };
}
