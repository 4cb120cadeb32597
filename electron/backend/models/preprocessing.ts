import { TriadError } from '../../../shared/contract/errors.js';
import type { ColumnType } from '../db/column-types.js';
import { ML_DOMAIN, type OnnxGraph } from './onnx/onnx-graph.js';

/** A column of a table as a trainer reads it. */
export interface FrameColumn {
  name: string;
  type: ColumnType;
  values: readonly unknown[];
}

/** How one input column becomes model features, learned from the training rows. */
export type ColumnEncoding =
  | { name: string; kind: 'numeric'; mean: number; scale: number }
  | { name: string; kind: 'categorical'; categories: string[] };

/** Text columns keep at most this many categories (the most frequent); the rest count as unknown. */
export const MAX_CATEGORIES = 64;

const NUMERIC_TYPES: ReadonlySet<ColumnType> = new Set(['integer', 'real', 'boolean', 'timestamp', 'date']);

/** A stored value as a number, NaN when missing or not a number. */
export function numericValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}

/** A stored value as category text, null when missing. */
export function categoryValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

function numericEncoding(column: FrameColumn): ColumnEncoding {
  let count = 0;
  let sum = 0;
  for (const value of column.values) {
    const number = numericValue(value);
    if (!Number.isNaN(number)) {
      count += 1;
      sum += number;
    }
  }
  const mean = count === 0 ? 0 : sum / count;
  let squares = 0;
  for (const value of column.values) {
    const number = numericValue(value);
    if (!Number.isNaN(number)) squares += (number - mean) ** 2;
  }
  const std = count === 0 ? 0 : Math.sqrt(squares / count);
  return { name: column.name, kind: 'numeric', mean, scale: std > 0 ? std : 1 };
}

function categoricalEncoding(column: FrameColumn): ColumnEncoding {
  const counts = new Map<string, number>();
  for (const value of column.values) {
    const text = categoryValue(value);
    if (text !== null) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const categories = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_CATEGORIES)
    .map(([category]) => category);
  if (categories.length === 0)
    throw new TriadError(
      'invalid_input',
      `column ${column.name} has no values to learn from: leave it out of the features`,
    );
  return { name: column.name, kind: 'categorical', categories };
}

/**
 * Learns how to turn raw columns into numbers: numbers are standardized (population standard
 * deviation) and a missing one becomes the mean (0 once standardized); text is one-hot encoded
 * over its most frequent categories, an unknown or missing category being all zeros. JSON and
 * binary columns cannot be features.
 */
export function fitPreprocessing(columns: readonly FrameColumn[]): ColumnEncoding[] {
  return columns.map((column) => {
    if (NUMERIC_TYPES.has(column.type)) return numericEncoding(column);
    if (column.type === 'text') return categoricalEncoding(column);
    throw new TriadError(
      'invalid_input',
      `column ${column.name} holds ${column.type} values, which cannot be a feature: leave it out of the features`,
    );
  });
}

/** The model's feature names after encoding: a number column's name, or `column=category` per category. */
export function encodedFeatureNames(encodings: readonly ColumnEncoding[]): string[] {
  return encodings.flatMap((encoding) =>
    encoding.kind === 'numeric'
      ? [encoding.name]
      : encoding.categories.map((category) => `${encoding.name}=${category}`),
  );
}

/** The encoded rows as one row-major matrix (rows x encoded features). */
export function encodeRows(
  encodings: readonly ColumnEncoding[],
  columns: readonly FrameColumn[],
  rowCount: number,
): Float64Array {
  const width = encodedFeatureNames(encodings).length;
  const matrix = new Float64Array(rowCount * width);
  let offset = 0;
  encodings.forEach((encoding, index) => {
    const values = (columns[index] as FrameColumn).values;
    if (encoding.kind === 'numeric') {
      for (let row = 0; row < rowCount; row++) {
        const scaled = (numericValue(values[row]) - encoding.mean) / encoding.scale;
        matrix[row * width + offset] = Number.isNaN(scaled) ? 0 : scaled;
      }
      offset += 1;
      return;
    }
    const position = new Map(encoding.categories.map((category, at) => [category, at]));
    for (let row = 0; row < rowCount; row++) {
      const text = categoryValue(values[row]);
      const at = text === null ? undefined : position.get(text);
      if (at !== undefined) matrix[row * width + offset + at] = 1;
    }
    offset += encoding.categories.length;
  });
  return matrix;
}

/** The ONNX input type of a column: numbers as doubles (NaN when missing), text as strings. */
export function inputType(encoding: ColumnEncoding): 'double' | 'string' {
  return encoding.kind === 'numeric' ? 'double' : 'string';
}

/**
 * Adds one input per column ([N, 1], its natural type) and the nodes that encode them exactly as
 * encodeRows does; returns the name of the encoded [N, features] double tensor.
 */
export function addPreprocessing(graph: OnnxGraph, encodings: readonly ColumnEncoding[]): string {
  const parts = encodings.map((encoding) => {
    const input = graph.input(encoding.name, inputType(encoding), ['N', 1]);
    if (encoding.kind === 'numeric') {
      const centered = graph.op(
        'Sub',
        [input, graph.constant(`${encoding.name}_mean`, 'double', [], [encoding.mean])],
        'centered',
      );
      const scaled = graph.op(
        'Div',
        [centered, graph.constant(`${encoding.name}_scale`, 'double', [], [encoding.scale])],
        'scaled',
      );
      const missing = graph.op('IsNaN', [scaled], 'missing');
      return graph.op(
        'Where',
        [missing, graph.constant('zero', 'double', [], [0]), scaled],
        `${encoding.name}_encoded`,
      );
    }
    const oneHot = graph.op(
      'OneHotEncoder',
      [input],
      'one_hot',
      { cats_strings: { strings: encoding.categories }, zeros: { int: 1 } },
      ML_DOMAIN,
    );
    const asDouble = graph.op('Cast', [oneHot], 'one_hot_double', { to: { int: 11 } });
    const shape = graph.constant('one_hot_shape', 'int64', [2], [-1, encoding.categories.length]);
    return graph.op('Reshape', [asDouble, shape], `${encoding.name}_encoded`);
  });
  return parts.length === 1 ? (parts[0] as string) : graph.op('Concat', parts, 'features', { axis: { int: 1 } });
}
