import { TriadError } from '../../../shared/contract/errors.js';
import { type FrameColumn, numericValue } from './preprocessing.js';

/** A classifier's classes, in the order of its probability columns. */
export type ClassLabels = { kind: 'text'; values: string[] } | { kind: 'integer'; values: number[] };

/** A label column with more distinct values than this is a regression target, not classes. */
export const MAX_CLASSES = 100;

export interface EncodedLabels {
  classes: ClassLabels;
  /** Each row's class index; NaN where the label is missing (the row takes no part in training). */
  indices: Float64Array;
}

function sortedClasses(label: FrameColumn): ClassLabels {
  if (label.type === 'text') {
    const values = new Set<string>();
    for (const value of label.values) if (value !== null && value !== undefined) values.add(String(value));
    return { kind: 'text', values: [...values].sort() };
  }
  if (label.type === 'integer' || label.type === 'boolean') {
    const values = new Set<number>();
    for (const value of label.values) {
      const number = numericValue(value);
      if (!Number.isNaN(number)) values.add(number);
    }
    return { kind: 'integer', values: [...values].sort((a, b) => a - b) };
  }
  throw new TriadError(
    'invalid_input',
    `the label ${label.name} holds ${label.type} values: a classifier needs text, integer or boolean classes (for a number to predict, train a regression)`,
  );
}

/** Learns the classes of a label column (text such as Yes/No, integers or booleans), sorted. */
export function encodeLabels(label: FrameColumn): EncodedLabels {
  const classes = sortedClasses(label);
  if (classes.values.length < 2)
    throw new TriadError(
      'invalid_input',
      `the label ${label.name} has ${classes.values.length === 0 ? 'no value' : `one class only (${classes.values[0]})`}: a classifier needs at least two`,
    );
  if (classes.values.length > MAX_CLASSES)
    throw new TriadError(
      'invalid_input',
      `the label ${label.name} has ${classes.values.length} distinct values, more than the ${MAX_CLASSES} classes a classifier takes: for a number to predict, train a regression`,
    );
  const position = new Map<string | number, number>(classes.values.map((value, index) => [value, index]));
  const indices = Float64Array.from(label.values, (value) => {
    if (value === null || value === undefined) return Number.NaN;
    const key = classes.kind === 'text' ? String(value) : numericValue(value);
    return position.get(key) ?? Number.NaN;
  });
  return { classes, indices };
}
