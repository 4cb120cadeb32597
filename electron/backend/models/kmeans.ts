import { seededRandom } from '../../../shared/seeded-random.js';

export interface KMeansParameters {
  k: number;
  /** Runs from different k-means++ starts; the one with the lowest inertia wins. */
  restarts: number;
  maxIterations: number;
  /** Stop when no center moves by more than this (squared distance, relative to the data's variance). */
  tolerance: number;
  seed: number;
}

export interface KMeansModel {
  /** Centers, row-major (k x width). */
  centers: Float64Array;
  k: number;
  width: number;
  inertia: number;
  iterations: number;
  converged: boolean;
}

function squaredDistance(
  points: Float64Array,
  row: number,
  centers: Float64Array,
  center: number,
  width: number,
): number {
  let sum = 0;
  for (let j = 0; j < width; j++) {
    const difference = (points[row * width + j] as number) - (centers[center * width + j] as number);
    sum += difference * difference;
  }
  return sum;
}

/** Each row's nearest center (the first of equals) and its squared distance to it. */
export function assignClusters(
  points: Float64Array,
  rows: number,
  centers: Float64Array,
  k: number,
  width: number,
): { clusters: Int32Array; distances: Float64Array } {
  const clusters = new Int32Array(rows);
  const distances = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let center = 0; center < k; center++) {
      const distance = squaredDistance(points, row, centers, center, width);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = center;
      }
    }
    clusters[row] = best;
    distances[row] = bestDistance;
  }
  return { clusters, distances };
}

/** k-means++: the first center at random, each next one drawn in proportion to its squared distance from the nearest so far. */
function plusPlusCenters(
  points: Float64Array,
  rows: number,
  width: number,
  k: number,
  random: () => number,
): Float64Array {
  const centers = new Float64Array(k * width);
  const first = Math.floor(random() * rows);
  centers.set(points.subarray(first * width, (first + 1) * width), 0);
  const nearest = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  for (let chosen = 1; chosen < k; chosen++) {
    let total = 0;
    for (let row = 0; row < rows; row++) {
      nearest[row] = Math.min(nearest[row] as number, squaredDistance(points, row, centers, chosen - 1, width));
      total += nearest[row] as number;
    }
    let target = random() * total;
    let pick = rows - 1;
    for (let row = 0; row < rows; row++) {
      target -= nearest[row] as number;
      if (target <= 0) {
        pick = row;
        break;
      }
    }
    centers.set(points.subarray(pick * width, (pick + 1) * width), chosen * width);
  }
  return centers;
}

function lloyd(
  points: Float64Array,
  rows: number,
  width: number,
  start: Float64Array,
  parameters: KMeansParameters,
  scale: number,
) {
  const { k } = parameters;
  let centers = start;
  for (let iteration = 1; iteration <= parameters.maxIterations; iteration++) {
    const { clusters } = assignClusters(points, rows, centers, k, width);
    const sums = new Float64Array(k * width);
    const counts = new Float64Array(k);
    for (let row = 0; row < rows; row++) {
      const cluster = clusters[row] as number;
      counts[cluster] = (counts[cluster] as number) + 1;
      for (let j = 0; j < width; j++)
        sums[cluster * width + j] = (sums[cluster * width + j] as number) + (points[row * width + j] as number);
    }
    const next = new Float64Array(k * width);
    let moved = 0;
    for (let center = 0; center < k; center++) {
      for (let j = 0; j < width; j++) {
        // An emptied cluster keeps its center.
        const value = counts[center]
          ? (sums[center * width + j] as number) / (counts[center] as number)
          : (centers[center * width + j] as number);
        next[center * width + j] = value;
        moved = Math.max(moved, (value - (centers[center * width + j] as number)) ** 2);
      }
    }
    centers = next;
    if (moved <= parameters.tolerance * scale) return { centers, iterations: iteration, converged: true };
  }
  return { centers, iterations: parameters.maxIterations, converged: false };
}

/** Mean variance of the features: what the tolerance is relative to, as in scikit-learn. */
function meanVariance(points: Float64Array, rows: number, width: number): number {
  let total = 0;
  for (let j = 0; j < width; j++) {
    let sum = 0;
    let squares = 0;
    for (let row = 0; row < rows; row++) {
      const value = points[row * width + j] as number;
      sum += value;
      squares += value * value;
    }
    const mean = sum / rows;
    total += squares / rows - mean * mean;
  }
  return total / width;
}

/** k-means with k-means++ starts and several restarts, deterministic for a seed. */
export function trainKMeans(
  points: Float64Array,
  rows: number,
  width: number,
  parameters: KMeansParameters,
  onRestart?: (restart: number, inertia: number) => boolean | undefined,
): KMeansModel {
  if (rows < parameters.k) throw new RangeError(`k-means needs at least k = ${parameters.k} rows, and has ${rows}`);
  const random = seededRandom(parameters.seed);
  const scale = meanVariance(points, rows, width);
  let best: KMeansModel | null = null;
  for (let restart = 1; restart <= parameters.restarts; restart++) {
    const run = lloyd(
      points,
      rows,
      width,
      plusPlusCenters(points, rows, width, parameters.k, random),
      parameters,
      scale,
    );
    const { distances } = assignClusters(points, rows, run.centers, parameters.k, width);
    const inertia = distances.reduce((sum, distance) => sum + distance, 0);
    if (!best || inertia < best.inertia) best = { ...run, k: parameters.k, width, inertia };
    if (onRestart?.(restart, inertia) === false) break;
  }
  return best as KMeansModel;
}

/**
 * The mean silhouette of the rows (scikit-learn's silhouette_score): for each row, how much
 * nearer it is to its own cluster than to the next; 0 for a row alone in its cluster.
 */
export function silhouette(
  points: Float64Array,
  rows: number,
  width: number,
  clusters: Int32Array,
  k: number,
): number | null {
  const sizes = new Float64Array(k);
  for (const cluster of clusters) sizes[cluster] = (sizes[cluster] as number) + 1;
  if (sizes.filter((size) => size > 0).length < 2) return null;
  let total = 0;
  const sums = new Float64Array(k);
  for (let row = 0; row < rows; row++) {
    sums.fill(0);
    for (let other = 0; other < rows; other++) {
      if (other === row) continue;
      let squares = 0;
      for (let j = 0; j < width; j++) {
        const difference = (points[row * width + j] as number) - (points[other * width + j] as number);
        squares += difference * difference;
      }
      const cluster = clusters[other] as number;
      sums[cluster] = (sums[cluster] as number) + Math.sqrt(squares);
    }
    const own = clusters[row] as number;
    if ((sizes[own] as number) <= 1) continue;
    const a = (sums[own] as number) / ((sizes[own] as number) - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let cluster = 0; cluster < k; cluster++)
      if (cluster !== own && (sizes[cluster] as number) > 0)
        b = Math.min(b, (sums[cluster] as number) / (sizes[cluster] as number));
    total += (b - a) / Math.max(a, b);
  }
  return total / rows;
}
