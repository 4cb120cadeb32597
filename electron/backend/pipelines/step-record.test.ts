import { describe, expect, it } from 'vitest';
import { decodeStepRecord, encodeStepRecord, type RecordedStep } from './step-record.js';

describe("a step's recorded outputs", () => {
  it('reads back what it wrote: typed outputs, artifacts and a snapshot', () => {
    const record: RecordedStep = {
      outputs: { table: { type: 'table', value: 'rows' } },
      artifacts: [
        { name: 'rows.parquet', sha256: 'ab'.repeat(32), bytes: 10, path: 'artifacts/training-sets/x.parquet' },
      ],
      snapshot: {
        id: 'set-1',
        table: 'rows',
        service: 'delays',
        featureViews: [{ name: 'daily', definitionHash: 'cd'.repeat(32), updatedAt: '2026-12-04T00:00:00.000Z' }],
        entityTable: 'labels',
        rows: 2,
        contentHash: 'ab'.repeat(32),
      },
    };
    expect(decodeStepRecord('training_set', encodeStepRecord(record))).toEqual(record);
  });

  it('reads the untyped form of schema 13, giving each output the type of its kind', () => {
    const metrics = { roc_auc: 0.9, log_loss: null };
    expect(decodeStepRecord('split', JSON.stringify({ train: 'p_split_train', test: 'p_split_test' }))).toEqual({
      outputs: { train: { type: 'table', value: 'p_split_train' }, test: { type: 'table', value: 'p_split_test' } },
      artifacts: [],
      snapshot: null,
    });
    expect(decodeStepRecord('train', JSON.stringify({ model: 'run:1', metrics })).outputs).toEqual({
      model: { type: 'model', value: 'run:1' },
      metrics: { type: 'metrics', value: metrics },
    });
    expect(decodeStepRecord('register', JSON.stringify({ model: 'fuel:2' })).outputs.model).toEqual({
      type: 'model',
      value: 'fuel:2',
    });
    // A command step declared its outputs' types in its definition; its old record is read by their shape.
    expect(
      decodeStepRecord(
        'command',
        JSON.stringify({
          model: '/p/artifacts/pipeline-runs/r/fit/model.onnx',
          notes: '/p/notes.txt',
          scored: 'p_fit_scored',
          metrics,
        }),
      ).outputs,
    ).toEqual({
      model: { type: 'model', value: '/p/artifacts/pipeline-runs/r/fit/model.onnx' },
      notes: { type: 'file', value: '/p/notes.txt' },
      scored: { type: 'table', value: 'p_fit_scored' },
      metrics: { type: 'metrics', value: metrics },
    });
    expect(decodeStepRecord('materialize', '{}')).toEqual({ outputs: {}, artifacts: [], snapshot: null });
  });
});
