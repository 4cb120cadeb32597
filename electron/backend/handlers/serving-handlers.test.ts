import { describe, expect, it } from 'vitest';
import { openProject } from '../db/project-folder.js';
import { listDeployments } from '../model-server/deployment-store.js';
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
});
