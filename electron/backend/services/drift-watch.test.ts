import { describe, expect, it } from 'vitest';
import type { Deployment, DriftReport, DriftWatchSettings } from '../../../shared/contract/serving.js';
import { EventBus } from '../contract/event-bus.js';
import { JobManager } from '../jobs/job-manager.js';
import { JobStore } from '../jobs/job-store.js';
import { WorkerPool } from '../jobs/worker-pool.js';
import { saveDriftWatchSettings } from '../model-server/deployment-store.js';
import { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { logPenguinPredictions, penguinsProject } from '../test-support/penguins-drift.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { checkDrift } from '../use-cases/check-drift.js';
import { compareDrift } from '../use-cases/compare-drift.js';
import { DriftWatch } from './drift-watch.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const HOUR = 3_600_000;

const deployed = (state: Deployment['state']): Deployment => ({
  reference: 'species@prod',
  model: 'species',
  version: 1,
  state,
  error: null,
  settings: { maxBatchRows: 64, batchWindowMicros: 0, maxConcurrency: 1024 },
  url: null,
  deployedAt: new Date(0).toISOString(),
  loadedAt: null,
});

describe('the scheduled drift check', () => {
  it('checks a deployed version that answered since its last check, once, as a job, and reports drift as an alert', async () => {
    const { project, penguins } = await penguinsProject(temporaryFolder);
    const predictionLog = new PredictionLogConnection(project.path);
    const pool = new WorkerPool(1);
    const reports: DriftReport[] = [];
    const warnings: string[] = [];
    let state: Deployment['state'] = 'loading';
    const watch = new DriftWatch(
      () => [deployed(state)],
      { currentOrNull: () => project, predictionLog },
      new JobManager(pool, new EventBus(), 'app'),
      (report) => reports.push(report),
      (message) => warnings.push(message),
    );
    const now = Date.UTC(2026, 11, 4, 12);
    logPenguinPredictions(predictionLog, penguins.slice(0, 200), now - 30 * 60_000, (row) => ({
      ...row,
      'Flipper Length (mm)': typeof row['Flipper Length (mm)'] === 'number' ? row['Flipper Length (mm)'] * 1.2 : null,
    }));
    expect(await watch.checkAll(now)).toEqual([]);
    state = 'ready';
    const [report] = await watch.checkAll(now);
    expect(report).toMatchObject({ model: 'species', version: 1, liveRows: 200 });
    expect(report?.features.find((feature) => feature.feature === 'Flipper Length (mm)')?.drifted).toBe(true);
    expect(reports).toHaveLength(1);
    // Nothing new was answered since: no second check an hour later.
    expect(await watch.checkAll(now + HOUR)).toEqual([]);
    expect(warnings).toEqual([]);
    // The training data was read and compared on the worker pool.
    expect(new JobStore(project.db).list({ limit: 10 })).toMatchObject([
      { kind: 'drift-check', state: 'succeeded', title: 'Check the drift of species version 1' },
    ]);
    await pool.close();
    predictionLog.close();
    project.close();
  });

  it("follows the project's schedule: off, how often, and over which window", async () => {
    const { project, penguins } = await penguinsProject(temporaryFolder);
    const predictionLog = new PredictionLogConnection(project.path);
    const pool = new WorkerPool(1);
    /** A watch of the ready deployment, as the app starts one; a warning fails the test. */
    const startWatch = () =>
      new DriftWatch(
        () => [deployed('ready')],
        { currentOrNull: () => project, predictionLog },
        new JobManager(pool, new EventBus(), 'app'),
        () => {},
        (message) => {
          throw new Error(message);
        },
      );
    const watch = startWatch();
    const now = Date.UTC(2026, 11, 4, 12);
    // Predictions 90 and 10 minutes before `now`.
    logPenguinPredictions(predictionLog, penguins.slice(0, 100), now - 90 * 60_000, (row) => row);
    logPenguinPredictions(predictionLog, penguins.slice(100, 200), now - 10 * 60_000, (row) => row);
    const schedule = (settings: DriftWatchSettings) => saveDriftWatchSettings(project.db, settings);

    schedule({ enabled: false, everyMinutes: 60, windowMinutes: 1440 });
    expect(await watch.checkAll(now)).toEqual([]);

    schedule({ enabled: true, everyMinutes: 15, windowMinutes: 30 });
    const [recent] = await watch.checkAll(now);
    expect(recent).toMatchObject({ liveRows: 100, windowFrom: new Date(now - 30 * 60_000).toISOString() });
    // New predictions since, but the 15 minutes have not passed yet, even for a watch started
    // afresh (the app restarted: it counts from the kept report); then they have.
    logPenguinPredictions(predictionLog, penguins.slice(0, 50), now + 60_000, (row) => row);
    expect(await watch.checkAll(now + 10 * 60_000)).toEqual([]);
    const restarted = startWatch();
    expect(await restarted.checkAll(now + 10 * 60_000)).toEqual([]);
    schedule({ enabled: true, everyMinutes: 15, windowMinutes: 1440 });
    const [whole] = await watch.checkAll(now + 15 * 60_000);
    expect(whole).toMatchObject({ liveRows: 250 });
    // A check someone asked for, 5 minutes after the watch's, counts too: the next is 15 minutes after it.
    logPenguinPredictions(predictionLog, penguins.slice(0, 20), now + 16 * 60_000, (row) => row);
    await checkDrift(
      project,
      predictionLog,
      { model: 'species:1', windowMinutes: 60 },
      (comparison) => compareDrift(project.db, project.path, comparison),
      now + 20 * 60_000,
    );
    logPenguinPredictions(predictionLog, penguins.slice(0, 20), now + 21 * 60_000, (row) => row);
    expect(await watch.checkAll(now + 31 * 60_000)).toEqual([]);
    expect(await watch.checkAll(now + 35 * 60_000)).toHaveLength(1);
    await pool.close();
    predictionLog.close();
    project.close();
  });
});
