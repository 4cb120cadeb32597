import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveService } from '../features/feature-registry.js';
import { OnlineReader } from '../features/online-retrieval.js';
import { modelVersions } from '../models/model-registry.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { createSampleProject } from './sample-project.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('the sample project', () => {
  it('holds real data, definitions, passing checks, an online store and a training set', async () => {
    const parent = temporaryFolder('sample');
    const project = await createSampleProject(join(parent, 'flights'), 'Flights sample');
    const db = project.db;
    expect(db.prepare('SELECT name, row_count FROM triad_tables ORDER BY name').all()).toEqual([
      { name: 'airports', row_count: 3376 },
      { name: 'departure_labels', row_count: 2000 },
      { name: 'flight_delay_features', row_count: 2000 },
      { name: 'flight_delay_rows', row_count: 2000 },
      { name: 'flight_delays_split_test', row_count: 400 },
      { name: 'flight_delays_split_train', row_count: 1600 },
      { name: 'flights', row_count: 20000 },
      { name: 'training_delay_prediction', row_count: 2000 },
    ]);
    // Its pipeline has run once: a run, a training run and the model as flight_delays@champion.
    const [run, ...others] = new PipelineRunStore(db).list();
    expect(others).toEqual([]);
    expect(run).toMatchObject({ pipeline: 'flight_delays', state: 'succeeded', reason: 'sample' });
    expect(run?.steps.map((step) => step.state)).toEqual(Array(6).fill('succeeded'));
    expect(run?.steps[4]?.metrics.roc_auc).toBeGreaterThan(0.55);
    expect(run?.registered).toEqual(['flight_delays:1']);
    expect(run?.steps[0]?.snapshot).toMatchObject({
      service: 'delay_prediction',
      entityTable: 'departure_labels',
      rows: 2000,
    });
    expect(modelVersions(db, 'flight_delays').map((version) => version.aliases)).toEqual([['champion']]);
    expect(readdirSync(join(project.path, 'pipelines'))).toEqual(['flight_delays.yaml']);
    expect(db.prepare('SELECT name FROM triad_feature_views ORDER BY name').all()).toEqual([
      { name: 'airport_daily_delays' },
      { name: 'airport_departures' },
    ]);
    expect(db.prepare("SELECT count(*) AS n FROM triad_check_results WHERE status != 'passed'").get()).toEqual({
      n: 0,
    });
    const reader = new OnlineReader(db, resolveService(db, 'delay_prediction'));
    const sfo = reader.get({ origin: 'SFO' }, Date.UTC(2001, 3, 5));
    expect(sfo.features.map((feature) => [feature.feature, feature.status])).toEqual([
      ['avg_delay', 'present'],
      ['max_delay', 'present'],
      ['departures', 'present'],
      ['distance', 'outside_ttl'],
    ]);
    expect(existsSync(join(project.path, 'features.yaml'))).toBe(true);
    expect(readdirSync(parent)).toEqual(['flights']);
    project.close();
  });

  it('refuses a folder that is not empty, leaving it as it was', async () => {
    const dir = join(temporaryFolder('sample'), 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(createSampleProject(dir)).rejects.toThrow('is not empty');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});
