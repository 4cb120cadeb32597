import { TriadError } from '../../../shared/contract/errors.js';
import { type ClassLabels, encodeLabels } from './class-labels.js';
import { type FrameColumn, numericValue } from './preprocessing.js';

/** The number of rows of a training frame, whose columns must all have it. */
export function rowCountOf(columns: readonly FrameColumn[], label: FrameColumn | null): number {
  const counts = new Set([...columns, ...(label ? [label] : [])].map((column) => column.values.length));
  if (counts.size > 1) throw new Error('the columns of a training frame differ in length');
  return [...counts][0] ?? 0;
}

/** The rows whose target is known. */
export function keptRows(targets: Float64Array): number[] {
  const kept: number[] = [];
  targets.forEach((target, row) => {
    if (!Number.isNaN(target)) kept.push(row);
  });
  return kept;
}

/** The listed rows of a row-major matrix, in that order. */
export function compactRows(matrix: Float64Array, width: number, rows: readonly number[]): Float64Array {
  const compact = new Float64Array(rows.length * width);
  rows.forEach((row, index) => {
    compact.set(matrix.subarray(row * width, (row + 1) * width), index * width);
  });
  return compact;
}

/**
 * A label's training targets: for a classifier its classes and each row's class index, for a
 * regression each row's number; NaN where missing (the row takes no part in training).
 */
export function labelTargets(
  kind: 'classes' | 'values',
  label: FrameColumn,
): { classes: ClassLabels | null; targets: Float64Array } {
  if (kind === 'classes') {
    const encoded = encodeLabels(label);
    return { classes: encoded.classes, targets: encoded.indices };
  }
  if (label.type === 'text' || label.type === 'json' || label.type === 'binary')
    throw new TriadError(
      'invalid_input',
      `the label ${label.name} holds ${label.type} values: a regression needs numbers`,
    );
  return { classes: null, targets: Float64Array.from(label.values, numericValue) };
}

/** Held-out rows' targets by the classes training learned (NaN when missing or a class training never saw), or their numbers. */
export function heldOutTargets(classes: ClassLabels | null, label: FrameColumn): Float64Array {
  if (classes === null) return Float64Array.from(label.values, numericValue);
  const position = new Map<string | number, number>(classes.values.map((value, index) => [value, index]));
  return Float64Array.from(label.values, (value) => {
    if (value === null || value === undefined) return Number.NaN;
    return position.get(classes.kind === 'text' ? String(value) : numericValue(value)) ?? Number.NaN;
  });
}
