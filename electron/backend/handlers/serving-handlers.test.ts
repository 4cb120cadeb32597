import { describe, expect, it } from 'vitest';
import { openProject } from '../db/project-folder.js';
import { listDeployments } from '../model-server/deployment-store.js';
import { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { writeLogBatch } from '../model-server/prediction-log-store.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('serving methods on the sample project', () => {
  it('refuses to deploy, undeploy or try a reference it cannot serve, naming it, and records nothing', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const deployed = async () => (await triad.client.invoke('serving.status', {})).deployments;
    expect(await deployed()).toEqual([]);

    for (const [reference, message] of [
      ['nope', 'there is no registered model nope (registered: flight_delays)'],
      ['flight_delays@beta', 'model flight_delays has no alias beta (its aliases: champion)'],
      ['flight_delays:9', 'model flight_delays has no version 9 (its versions: 1)'],
    ]) {
      const reply = await triad.invoke('serving.deploy', { reference });
      expect(reply, reference).toEqual({ ok: false, error: { code: 'not_found', message } });
    }
    expect(await deployed()).toEqual([]);
    const project = openProject((await triad.client.invoke('project.current', {})).path);
    expect(listDeployments(project.db)).toEqual([]);
    project.close();

    expect(await triad.invoke('serving.undeploy', { reference: 'flight_delays@champion' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'flight_delays@champion is not deployed (nothing is deployed)' },
    });
    expect(await triad.invoke('serving.tryInfer', { reference: 'nope:2', body: { inputs: [] } })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'nope:2 is not deployed' },
    });
    await triad.close();
  }, 30_000);

  it('keeps the drift schedule in the project, shows it in the status, and refuses one out of bounds', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const schedule = async () => (await triad.client.invoke('serving.status', {})).driftWatch;
    expect(await schedule()).toEqual({ enabled: true, everyMinutes: 60, windowMinutes: 1440 });
    const chosen = { enabled: false, everyMinutes: 15, windowMinutes: 120 };
    expect(await triad.client.invoke('serving.setDriftWatch', chosen)).toEqual(chosen);
    expect(await schedule()).toEqual(chosen);
    const refused = await triad.invoke('serving.setDriftWatch', { enabled: true, everyMinutes: 1, windowMinutes: 120 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(refused)).toContain('everyMinutes');
    expect(await schedule()).toEqual(chosen);
    await triad.close();
  }, 30_000);

  it('checks drift on the worker pool and answers with the report it kept', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const { path } = await triad.client.invoke('project.current', {});
    const model = await triad.client.invoke('models.get', { reference: 'flight_delays' });
    const inputs = model.signature.inputs.map((input) => input.name);
    const project = openProject(path);
    const rows = project.db.prepare(`SELECT * FROM "${model.card.trainingTable}" LIMIT 300`).all() as Record<
      string,
      unknown
    >[];
    project.close();
    const log = new PredictionLogConnection(path);
    const now = Date.now();
    log.use((db) =>
      writeLogBatch(
        db,
        rows.map((row, index) => ({
          timeMs: now - 60_000 + index,
          model: 'flight_delays',
          version: 1,
          endpoint: 'infer',
          status: 200,
          latencyMicros: 100,
          rows: 1,
          inputs: JSON.stringify(Object.fromEntries(inputs.map((name) => [name, [row[name] ?? null]]))),
          outputs: null,
          entities: null,
          error: null,
        })),
        [],
      ),
    );
    log.close();

    const report = await triad.client.invoke('serving.checkDrift', { model: 'flight_delays', windowMinutes: 10 });
    expect(report).toMatchObject({ model: 'flight_delays', version: 1, liveRows: rows.length });
    expect(report.features.map((feature) => feature.feature).sort()).toEqual([...inputs].sort());
    expect(await triad.client.invoke('serving.driftReports', { model: 'flight_delays' })).toEqual([report]);
    expect(await triad.client.invoke('jobs.list', { kinds: ['drift-check'] })).toMatchObject([
      { state: 'succeeded', title: 'Check the drift of flight_delays version 1' },
    ]);
    await triad.close();
  }, 30_000);
});
