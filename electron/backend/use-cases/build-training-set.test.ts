import { describe, expect, it } from 'vitest';
import { createSampleProject } from '../sample/sample-project.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { buildTrainingSetWithSnapshot, type TrainingSetProgress } from './build-training-set.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('building a training set with its snapshot', () => {
  it('reports each feature view it joins, then the save, and records the set', async () => {
    const project = await createSampleProject(`${temporaryFolder('sample')}/flights`);
    const reports: TrainingSetProgress[] = [];
    const record = await buildTrainingSetWithSnapshot(
      project.db,
      project.path,
      { entityTable: 'departure_labels', service: 'delay_prediction', timestampColumn: null, table: 'again' },
      (progress) => reports.push(progress),
    );
    expect(reports).toEqual([
      { stage: 'joining the features of airport_daily_delays', done: 0, total: 2 },
      { stage: 'joining the features of airport_departures', done: 1, total: 2 },
      { stage: 'saving the table and its Parquet snapshot', done: 2, total: 2 },
    ]);
    expect(record).toMatchObject({ table: 'again', rows: 2000, warnings: [] });
    expect(record.features.map((entry) => entry.feature)).toEqual(['avg_delay', 'max_delay', 'departures', 'distance']);
    project.close();
  });
});
