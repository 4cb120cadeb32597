import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/seeded-random.js';
import { runPython } from '../test-support/python.js';
import { vegaFrame } from '../test-support/vega-frame.js';
import { silhouette } from './kmeans.js';
import { kmeansModelOnnx } from './onnx/kmeans-onnx.js';
import { runOnnxOnColumns } from './onnx/run-onnx.js';
import { encodeRows, type FrameColumn } from './preprocessing.js';
import { predictTabularKMeans, trainTabularKMeans } from './tabular-kmeans.js';

const PARAMETERS = { k: 3, restarts: 5, maxIterations: 300, tolerance: 1e-4, seed: 1 };

/** Three tight blobs far apart: any sound k-means finds them exactly. */
function blobs(): { columns: FrameColumn[]; truth: number[] } {
  const random = seededRandom(42);
  const centers = [
    [0, 0],
    [10, 10],
    [-10, 10],
  ];
  const x: number[] = [];
  const y: number[] = [];
  const truth: number[] = [];
  for (let row = 0; row < 300; row++) {
    const blob = row % 3;
    x.push((centers[blob]?.[0] ?? 0) + random() - 0.5);
    y.push((centers[blob]?.[1] ?? 0) + random() - 0.5);
    truth.push(blob);
  }
  return {
    columns: [
      { name: 'x', type: 'real', values: x },
      { name: 'y', type: 'real', values: y },
    ],
    truth,
  };
}

describe('k-means', () => {
  it('finds well-separated clusters exactly, the same for a seed', () => {
    const { columns, truth } = blobs();
    const model = trainTabularKMeans(columns, PARAMETERS);
    const predictions = predictTabularKMeans(model, columns);
    if (predictions.kind !== 'clusters') throw new Error('expected clusters');
    // Cluster numbers are arbitrary: each true blob maps to one cluster and back.
    const mapping = new Map<number, number>();
    truth.forEach((blob, row) => {
      const cluster = predictions.clusters[row] as number;
      expect(mapping.get(blob) ?? cluster).toBe(cluster);
      mapping.set(blob, cluster);
    });
    expect(new Set(mapping.values()).size).toBe(3);
    expect(trainTabularKMeans(columns, PARAMETERS).kmeans.centers).toEqual(model.kmeans.centers);
  });

  it('computes the silhouette as scikit-learn does, and exports a model onnxruntime and the checker agree with', async () => {
    const penguins = vegaFrame('penguins.json', {
      'Beak Length (mm)': 'real',
      'Flipper Length (mm)': 'integer',
      Island: 'text',
    });
    const columns = Object.values(penguins);
    const model = trainTabularKMeans(columns, { ...PARAMETERS, k: 4 });
    const predictions = predictTabularKMeans(model, columns);
    if (predictions.kind !== 'clusters') throw new Error('expected clusters');
    const rows = predictions.clusters.length;
    const { width } = model.kmeans;
    const points = encodeRows(model.encodings, columns, rows);
    const ours = silhouette(points, rows, width, predictions.clusters, 4);
    const theirs = Number(
      runPython(
        'import json,sys\nfrom sklearn.metrics import silhouette_score\nd=json.load(sys.stdin)\nprint(silhouette_score(d["x"], d["labels"]))',
        [],
        JSON.stringify({
          x: Array.from({ length: rows }, (_, row) => [...points.subarray(row * width, (row + 1) * width)]),
          labels: [...predictions.clusters],
        }),
      ),
    );
    expect(Math.abs((ours as number) - theirs)).toBeLessThan(1e-9);

    const bytes = kmeansModelOnnx(model, { producerVersion: 'test', properties: {} });
    const outputs = await runOnnxOnColumns(bytes, columns);
    expect(Array.from(outputs.cluster?.data as BigInt64Array, Number)).toEqual([...predictions.clusters]);
    const distances = outputs.distances?.data as Float64Array;
    let largest = 0;
    predictions.distances.forEach((value, index) => {
      largest = Math.max(largest, Math.abs((distances[index] as number) - value));
    });
    expect(largest).toBeLessThan(1e-5);
    const folder = mkdtempSync(join(tmpdir(), 'triad-kmeans-'));
    try {
      writeFileSync(join(folder, 'kmeans.onnx'), bytes);
      runPython('import onnx,sys\nonnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)', [
        join(folder, 'kmeans.onnx'),
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
