// Training sets the trainer benchmarks share: generated ones and scikit-learn's bundled real ones.
import { readFileSync } from 'node:fs';
import { seededRandom } from '../dist/shared/seeded-random.js';

/** A binary set of unscaled numeric columns whose log-odds are a weighted sum of them. */
export function generated(rows, width, seed) {
  const random = seededRandom(seed);
  const weights = Array.from({ length: width }, () => random() * 2 - 1);
  const columns = Array.from({ length: width }, () => new Array(rows));
  const label = new Array(rows);
  for (let row = 0; row < rows; row++) {
    let score = 0;
    for (let j = 0; j < width; j++) {
      // Unscaled features: each column its own scale, as real tables have.
      const value = (random() * 2 - 1) * 10 ** (j % 4);
      columns[j][row] = value;
      score += (weights[j] * value) / 10 ** (j % 4);
    }
    label[row] = random() < 1 / (1 + Math.exp(-2 * score)) ? 1 : 0;
  }
  return {
    features: columns.map((values, j) => ({ name: `f${j}`, type: 'real', values })),
    label: { name: 'label', type: 'integer', values: label },
  };
}

/** scikit-learn's bundled breast cancer set (569 x 30, binary), as Debian's python3-sklearn ships it. */
export function breastCancer() {
  const lines = readFileSync('/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const rows = lines.map((line) => line.split(',').map(Number));
  const width = rows[0].length - 1;
  return {
    features: Array.from({ length: width }, (_, j) => ({
      name: `f${j}`,
      type: 'real',
      values: rows.map((row) => row[j]),
    })),
    label: { name: 'label', type: 'integer', values: rows.map((row) => row[width]) },
  };
}
