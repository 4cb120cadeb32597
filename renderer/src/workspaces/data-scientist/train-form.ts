import type { TableInfo } from '../../../../shared/contract/schemas.js';
import type { Algorithm } from '../../../../shared/model-algorithms.js';

type Column = TableInfo['columns'][number];

const LABEL_NAMES = /^(label|target|y|class|outcome|churn(ed)?|delayed|fraud|default)$/i;

/** The column most likely to be what the user wants to predict: a telling name, else a yes/no column, else the last. */
export function suggestLabel(columns: readonly Column[]): string {
  const named = columns.find((column) => LABEL_NAMES.test(column.name));
  if (named) return named.name;
  const yesNo = columns.find((column) => column.type === 'boolean');
  if (yesNo) return yesNo.name;
  return columns.at(-1)?.name ?? '';
}

/** A real-valued label is a number to predict (linear regression); anything else names classes. */
export function suggestAlgorithm(label: Column | undefined): Algorithm {
  return label?.type === 'real' ? 'linreg' : 'logreg';
}

/** Columns that can be features: every one but the label, JSON and binary. */
export function featureCandidates(columns: readonly Column[], label: string): string[] {
  return columns
    .filter((column) => column.name !== label && column.type !== 'json' && column.type !== 'binary')
    .map((column) => column.name);
}
