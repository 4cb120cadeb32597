import { describe, expect, it } from 'vitest';
import { formatMetric, metricLabel } from './metric-format.js';

describe('metric names and values as people read them', () => {
  it('labels the metrics it knows, and shows any other name as it is, even one every object has', () => {
    expect(['roc_auc', 'r2', 'toString', 'constructor', 'lift@10'].map(metricLabel)).toEqual([
      'ROC AUC',
      'R²',
      'toString',
      'constructor',
      'lift@10',
    ]);
    expect([formatMetric(0.912345), formatMetric(null), formatMetric(Number.NaN)]).toEqual(['0.9123', 'n/a', 'n/a']);
  });
});
