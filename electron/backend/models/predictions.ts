/**
 * A model's predictions for every row: a classifier's labels and probabilities (rows x classes),
 * a regression's values, or a clustering's cluster and squared distance to each center (rows x k).
 */
export type Predictions =
  | { kind: 'classes'; labels: (string | number)[]; probabilities: Float64Array; classCount: number }
  | { kind: 'values'; values: Float64Array }
  | { kind: 'clusters'; clusters: Int32Array; distances: Float64Array; k: number };
