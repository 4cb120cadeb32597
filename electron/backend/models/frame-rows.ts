import { seededRandom } from '../../../shared/seeded-random.js';
import type { FrameColumn } from './preprocessing.js';
import { shuffledIndices } from './random.js';

/** The same columns holding only the given rows, in the given order. */
export function frameRows(columns: readonly FrameColumn[], rows: ArrayLike<number>): FrameColumn[] {
  return columns.map((column) => ({ ...column, values: Array.from(rows, (row) => column.values[row]) }));
}

/**
 * Splits rows at random (the same for a seed) into training rows and a validation share of
 * `fraction`, each kept in the table's order.
 */
export function splitRows(rowCount: number, fraction: number, seed: number): { train: number[]; validation: number[] } {
  const order = shuffledIndices(rowCount, seededRandom(seed));
  const validationCount = Math.round(rowCount * fraction);
  const validation = Array.from(order.subarray(0, validationCount)).sort((a, b) => a - b);
  const train = Array.from(order.subarray(validationCount)).sort((a, b) => a - b);
  return { train, validation };
}
