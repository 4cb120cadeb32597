import { TriadError } from '../../../shared/contract/errors.js';
import { assignClusters, type KMeansModel, type KMeansParameters, trainKMeans } from './kmeans.js';
import type { Predictions } from './predictions.js';
import {
  type ColumnEncoding,
  encodedFeatureNames,
  encodeRows,
  type FrameColumn,
  fitPreprocessing,
} from './preprocessing.js';

/** k-means with the preprocessing it learned (standardized numbers, one-hot text). */
export interface TabularKMeansModel {
  encodings: ColumnEncoding[];
  featureNames: string[];
  kmeans: KMeansModel;
}

export function trainTabularKMeans(
  columns: readonly FrameColumn[],
  parameters: KMeansParameters,
  onRestart?: (restart: number, inertia: number) => boolean | undefined,
): TabularKMeansModel {
  if (columns.length === 0) throw new TriadError('invalid_input', 'there is no feature column to cluster on');
  const rows = columns[0]?.values.length ?? 0;
  if (rows < parameters.k)
    throw new TriadError(
      'invalid_input',
      `k-means with k = ${parameters.k} needs at least ${parameters.k} rows; there are ${rows}`,
    );
  const encodings = fitPreprocessing(columns);
  const featureNames = encodedFeatureNames(encodings);
  const encoded = encodeRows(encodings, columns, rows);
  return { encodings, featureNames, kmeans: trainKMeans(encoded, rows, featureNames.length, parameters, onRestart) };
}

/** Each row's cluster and its squared distance to every center, as the exported ONNX model computes them. */
export function predictTabularKMeans(model: TabularKMeansModel, columns: readonly FrameColumn[]): Predictions {
  const rows = columns[0]?.values.length ?? 0;
  const { centers, k, width } = model.kmeans;
  const encoded = encodeRows(model.encodings, columns, rows);
  const { clusters } = assignClusters(encoded, rows, centers, k, width);
  const distances = new Float64Array(rows * k);
  for (let row = 0; row < rows; row++)
    for (let center = 0; center < k; center++) {
      let sum = 0;
      for (let j = 0; j < width; j++)
        sum += ((encoded[row * width + j] as number) - (centers[center * width + j] as number)) ** 2;
      distances[row * k + center] = sum;
    }
  return { kind: 'clusters', clusters, distances, k };
}
