import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

async function finished(triad: Backend, jobId: string) {
  await expect
    .poll(async () => (await triad.client.invoke('jobs.get', { id: jobId })).state, { timeout: 30_000 })
    .not.toMatch(/queued|running/);
  return triad.client.invoke('jobs.get', { id: jobId });
}

describe('bundle methods on the sample project', () => {
  it('plans and exports the pipeline as a job, inspects the bundle, and imports it resolving a conflict', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const choices = { pipeline: 'flight_delays', withModels: true, withData: true };
    const plan = await triad.client.invoke('bundles.plan', choices);
    expect(plan.entries.map((entry) => entry.path)).toContain('data/tables/flights.parquet');
    expect(plan.suggestedPath).toMatch(/flight_delays\.triad$/);
    const path = join(temporaryFolder('out'), 'fd.triad');
    const exported = await finished(triad, (await triad.client.invoke('bundles.export', { ...choices, path })).jobId);
    expect(exported).toMatchObject({ state: 'succeeded', result: { file: path, signed: false } });
    expect(existsSync(path)).toBe(true);

    const project = (await triad.client.invoke('project.current', {})).path;
    writeFileSync(
      join(project, 'pipelines', 'flight_delays.yaml'),
      'name: flight_delays\nsteps:\n  - name: one\n    kind: sql\n    with: { sql: "SELECT 1 AS x", table: ones }\n',
    );
    const inspection = await triad.client.invoke('bundles.inspect', { path });
    expect(inspection.items.filter((item) => item.status === 'conflict').map((item) => item.name)).toEqual([
      'flight_delays',
    ]);

    const refused = await finished(triad, (await triad.client.invoke('bundles.import', { path })).jobId);
    expect(refused).toMatchObject({ state: 'failed' });
    expect(refused.error).toContain('conflicts with the project (pipeline flight_delays)');
    const imported = await finished(
      triad,
      (
        await triad.client.invoke('bundles.import', {
          path,
          resolutions: { 'pipeline:flight_delays': { action: 'rename', name: 'shared_delays' } },
        })
      ).jobId,
    );
    expect(imported).toMatchObject({
      state: 'succeeded',
      result: { pipeline: 'shared_delays', file: 'shared_delays.yaml' },
    });
    expect((await triad.client.invoke('pipelines.list', {})).map((pipeline) => pipeline.file)).toEqual([
      'flight_delays.yaml',
      'shared_delays.yaml',
    ]);
    await triad.close();
  }, 60_000);

  it('writes bundles only to full paths ending in .triad, in a folder that exists, not over a folder', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const folder = temporaryFolder('out');
    for (const path of ['fd.triad', join(folder, 'notes.txt'), folder])
      await expect(triad.client.invoke('bundles.export', { pipeline: 'flight_delays', path })).rejects.toMatchObject({
        code: 'invalid_input',
      });
    mkdirSync(join(folder, 'taken.triad'));
    for (const [path, message] of [
      [join(folder, 'missing', 'fd.triad'), `there is no folder ${join(folder, 'missing')} to write the bundle in`],
      [join(folder, 'taken.triad'), 'is not a file: choose another name for the bundle'],
    ] as const) {
      const job = await finished(
        triad,
        (await triad.client.invoke('bundles.export', { pipeline: 'flight_delays', path })).jobId,
      );
      expect(job.state).toBe('failed');
      expect(job.error).toContain(message);
    }
    await expect(triad.client.invoke('bundles.inspect', { path: join(folder, 'nothing.triad') })).rejects.toMatchObject(
      {
        code: 'not_found',
      },
    );
    await triad.close();
  }, 30_000);
});
