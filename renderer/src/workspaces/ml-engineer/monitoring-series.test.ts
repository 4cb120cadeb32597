import { describe, expect, it } from 'vitest';
import {
  distributionChart,
  formatMilliseconds,
  inputsSummary,
  outputsSummary,
  trafficPoints,
} from './monitoring-series.js';

const START = '2026-01-02T12:00:00.000Z';

describe('the monitoring charts', () => {
  it('show the error share in percent, and none for a bucket without requests', () => {
    const bucket = { start: START, requestsPerSecond: 2, p50Ms: 1, p95Ms: 2, p99Ms: 3 };
    expect(
      trafficPoints([
        { ...bucket, requests: 8, errors: 2 },
        { ...bucket, requests: 0, errors: 0 },
      ]).map((point) => point.errorPercent),
    ).toEqual([25, null]);
  });

  it('key the classes of a classifier by position, named by the class', () => {
    const chart = distributionChart({
      kind: 'classes',
      output: 'label',
      classes: ['no', 'a.b'],
      buckets: [{ start: START, counts: [3, 1] }],
    });
    expect(chart.series).toEqual([
      { key: 'class0', name: 'no' },
      { key: 'class1', name: 'a.b' },
    ]);
    expect(chart.points).toEqual([{ time: Date.parse(START), class0: 3, class1: 1 }]);
  });

  it('draw the quantiles of a number', () => {
    const chart = distributionChart({
      kind: 'numeric',
      output: 'variable',
      buckets: [{ start: START, count: 5, p10: 1, p50: 2, p90: null }],
    });
    expect(chart.series.map((series) => series.key)).toEqual(['p10', 'p50', 'p90']);
    expect(chart.points).toEqual([{ time: Date.parse(START), p10: 1, p50: 2, p90: null }]);
  });
});

describe('the inputs of a logged prediction', () => {
  it('read as the first row, with the count of the others', () => {
    expect(inputsSummary({ inputs: { tenure: [3, 4], plan: ['basic', 'pro'] }, entities: null, rows: 2 })).toBe(
      'tenure=3, plan=basic (+1 rows)',
    );
  });

  it('read as the entity keys of a feature-enriched call', () => {
    expect(inputsSummary({ inputs: null, entities: [{ customer_id: 42 }], rows: 1 })).toBe('customer_id=42');
  });

  it('are cut when long, and said to be missing when not kept', () => {
    expect(inputsSummary({ inputs: { text: ['x'.repeat(200)] }, entities: null, rows: 1 })).toHaveLength(80);
    expect(inputsSummary({ inputs: null, entities: null, rows: 1 })).toBe('not kept (too large)');
  });

  it('show latencies with as many decimals as a reader needs', () => {
    expect([0.4213, 3.309, 7.916, 21.04, 1249.6, null].map(formatMilliseconds)).toEqual([
      '0.42',
      '3.3',
      '7.9',
      '21.0',
      '1,250',
      'n/a',
    ]);
  });

  it('sum up what a prediction answered: its one-per-row outputs, or its error', () => {
    const outputs = { label: [1, 0], probabilities: [0.2, 0.8, 0.9, 0.1], score: [0.123456, 2] };
    expect(outputsSummary({ outputs, rows: 2, error: null })).toBe('label=1, score=0.1235');
    expect(outputsSummary({ outputs: null, rows: 1, error: 'input avg_delay is missing' })).toBe(
      'input avg_delay is missing',
    );
    expect(outputsSummary({ outputs: null, rows: 1, error: null })).toBe('not kept (too large)');
  });
});
