import { describe, expect, it } from 'vitest';
import { awaitJob, runJob } from '../../../shared/client/await-job.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('model methods on the sample project', () => {
  it('trains on the training set as a job, registers it, moves an alias and guards deletes', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    // The sample's pipeline registered its model when the project was made.
    expect(await triad.client.invoke('models.list', {})).toEqual([
      expect.objectContaining({ name: 'flight_delays', latestVersion: 1, aliases: { champion: 1 } }),
    ]);
    const trained = await runJob(triad.client, 'train', (client) =>
      client.invoke('models.train', {
        table: 'training_delay_prediction',
        label: 'delayed',
        algorithm: 'logreg',
        features: ['avg_delay', 'max_delay', 'departures', 'distance', 'origin'],
        register: 'delays',
      }),
    );
    expect(trained.card).toMatchObject({
      task: 'binary',
      classes: [0, 1],
      featureService: 'delay_prediction',
      trainingRows: 1600,
      validationRows: 400,
    });
    // Delays are hard to tell from airport-level features: the metrics are there, not impressive.
    expect(trained.card.metrics.roc_auc).toBeGreaterThan(0.4);
    expect(trained.card.metrics.roc_auc).toBeLessThan(1);
    expect(Object.keys(trained.card.metrics)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss']);
    expect(trained.registered).toEqual({ name: 'delays', version: 1 });

    expect(await triad.client.invoke('models.list', {})).toEqual([
      expect.objectContaining({ name: 'delays', latestVersion: 1, aliases: {} }),
      expect.objectContaining({ name: 'flight_delays', latestVersion: 1 }),
    ]);
    const aliased = await triad.client.invoke('models.setAlias', { name: 'delays', alias: 'champion', version: 1 });
    expect(aliased.aliases).toEqual(['champion']);
    expect((await triad.client.invoke('models.get', { reference: 'delays@champion' })).version).toBe(1);
    await expect(triad.client.invoke('models.deleteVersion', { name: 'delays', version: 1 })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('delays@champion points at'),
    });
    const runs = await triad.client.invoke('runs.list', {});
    expect(runs[0]).toMatchObject({ id: trained.runId, kind: 'train', status: 'succeeded' });
    const again = await triad.client.invoke('models.registerRun', { runId: trained.runId, name: 'delays' });
    expect(again).toMatchObject({ version: 2, runId: trained.runId, contentHash: trained.contentHash });
    expect(again.card).toEqual(trained.card);
    await triad.close();
  }, 30_000);

  it('fails a training job with the reason when the label is unknown', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const { jobId } = await triad.client.invoke('models.train', {
      table: 'flights',
      label: 'late',
      algorithm: 'linreg',
    });
    await expect(awaitJob(triad.client, jobId, 'train')).rejects.toMatchObject({
      message: expect.stringContaining('table flights has no column late'),
    });
    await triad.close();
  }, 30_000);
});
