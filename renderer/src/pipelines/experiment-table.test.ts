import { describe, expect, it } from 'vitest';
import type { PipelineRun, StepRun } from '../../../shared/contract/pipeline-runs.js';
import { experimentRuns, TRAIN_PAGE } from './experiment-runs.js';
import { differingParameters, experimentRows, filterRows, parseFilter, sortRows } from './experiment-table.js';

function step(kind: string, fields: Partial<StepRun> = {}): StepRun {
  return {
    step: kind,
    kind,
    state: 'succeeded',
    attempts: 1,
    cacheKey: null,
    cachedFrom: null,
    jobId: null,
    outputs: {},
    metrics: {},
    artifacts: [],
    snapshot: null,
    error: null,
    startedAt: null,
    finishedAt: null,
    ...fields,
  };
}

function run(id: string, params: PipelineRun['params'], auc: number | null, state: PipelineRun['state'] = 'succeeded') {
  return {
    id,
    pipeline: 'delays',
    file: 'delays.yaml',
    definition: '',
    definitionHash: '',
    params,
    state,
    reason: 'manual',
    resumedFrom: null,
    error: null,
    startedAt: '2026-12-04T07:00:00.000Z',
    finishedAt: '2026-12-04T07:00:02.500Z',
    steps: [
      step('train', {
        metrics: { roc_auc: 0.9, log_loss: 0.3 },
        outputs: { model: { type: 'model', value: `run:${id}` } },
      }),
      ...(auc === null ? [] : [step('evaluate', { metrics: { roc_auc: auc } })]),
      step('register', { outputs: { model: { type: 'model', value: `delays:${id.length}` } } }),
    ],
    registered: [`delays:${id.length}`],
  } satisfies PipelineRun;
}

const pipelineRuns = [
  run('aaa', { seed: 7, algo: 'gbdt' }, 0.61),
  run('bb', { seed: 11, algo: 'gbdt' }, 0.58),
  run('c', { seed: 3 }, null, 'failed'),
];

const runs = experimentRuns(pipelineRuns, []);

describe('the experiments table', () => {
  it('makes a row per run with its parameters and metrics, held-out metrics over training ones', () => {
    const { rows, columns } = experimentRows(runs);
    expect(columns.params).toEqual(['params.algo', 'params.seed']);
    expect(columns.metrics).toEqual(['metrics.log_loss', 'metrics.roc_auc']);
    expect(rows[0]?.values).toMatchObject({
      'params.seed': 7,
      'metrics.roc_auc': 0.61,
      'metrics.log_loss': 0.3,
      seconds: 2.5,
      model: 'delays:3',
    });
    expect(rows[2]?.values['metrics.roc_auc']).toBe(0.9);
  });

  it('filters by parameter, metric, column and word', () => {
    const { rows } = experimentRows(runs);
    const ids = (filter: string) => filterRows(rows, filter).map((row) => row.run.id);
    expect(ids('seed=11')).toEqual(['bb']);
    expect(ids('roc_auc>=0.61')).toEqual(['aaa', 'c']);
    expect(ids('roc_auc<0.6 state=succeeded')).toEqual(['bb']);
    expect(ids('algo!=gbdt')).toEqual(['c']);
    expect(ids('FAILED')).toEqual(['c']);
    expect(ids('roc_auc>high')).toEqual([]);
    expect(ids('')).toEqual(['aaa', 'bb', 'c']);
    // A name every object has is a column like any other: here no run has it.
    expect([ids('toString=1'), ids('constructor!=1')]).toEqual([ids('missing=1'), ids('missing!=1')]);
    expect(parseFilter('a=1  b')).toEqual([
      { column: 'a', comparison: '=', value: '1' },
      { column: null, comparison: '=', value: 'b' },
    ]);
  });

  it('sorts numbers as numbers, text naturally, and empty cells last both ways', () => {
    const { rows } = experimentRows(runs);
    const ids = (column: string, descending: boolean) =>
      sortRows(rows, { column, descending }).map((row) => row.run.id);
    expect(ids('params.seed', false)).toEqual(['c', 'aaa', 'bb']);
    expect(ids('params.seed', true)).toEqual(['bb', 'aaa', 'c']);
    expect(ids('params.algo', true)).toEqual(['aaa', 'bb', 'c']);
    expect(ids('params.algo', false)).toEqual(['aaa', 'bb', 'c']);
  });

  it('lists trainings from the Train page beside pipeline runs, but not those a pipeline step made', () => {
    const training = (id: string, startedAt: string) => ({
      id,
      kind: 'train',
      name: 'gbdt on t',
      status: 'succeeded' as const,
      params: { algorithm: 'gbdt', features: ['a', 'b'], label: null, n_estimators: 50 },
      metrics: { roc_auc: 0.7 },
      artifacts: [],
      jobId: null,
      startedAt,
      finishedAt: null,
      error: null,
    });
    const all = experimentRuns(pipelineRuns, [
      training('aaa', '2026-12-04T06:00:00.000Z'),
      training('t1', '2026-12-04T08:00:00.000Z'),
    ]);
    expect(all.map((entry) => [entry.id, entry.pipeline])).toEqual([
      ['t1', TRAIN_PAGE],
      ['aaa', 'delays'],
      ['bb', 'delays'],
      ['c', 'delays'],
    ]);
    expect(all[0]).toMatchObject({
      params: { algorithm: 'gbdt', features: 'a, b', n_estimators: 50 },
      metrics: { roc_auc: 0.7 },
      trainingRunId: 't1',
      definitionHash: null,
    });
  });

  it('names the parameters that differ between the runs compared', () => {
    expect([...differingParameters(runs.slice(0, 2))]).toEqual(['seed']);
    expect([...differingParameters(runs)]).toEqual(['seed', 'algo']);
  });
});
