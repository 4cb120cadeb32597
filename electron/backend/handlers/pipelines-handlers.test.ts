import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/contract/events.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { startTestBackend } from '../test-support/test-backend.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('pipeline methods on the sample project', () => {
  it('lists its pipeline and run, runs it again with every step reused, and reports each change', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const events: EventMessage[] = [];
    triad.subscribe((event) => events.push(event));
    expect(await triad.client.invoke('pipelines.list', {})).toEqual([
      { file: 'flight_delays.yaml', valid: true, name: 'flight_delays', steps: 6 },
    ]);
    const [sample] = await triad.client.invoke('pipelineRuns.list', {});
    expect(sample).toMatchObject({ pipeline: 'flight_delays', state: 'succeeded', reason: 'sample' });
    const { runId } = await triad.client.invoke('pipelines.run', { pipeline: 'flight_delays', params: {} });
    await expect
      .poll(async () => (await triad.client.invoke('pipelineRuns.get', { id: runId })).state, { timeout: 20_000 })
      .toBe('succeeded');
    const run = await triad.client.invoke('pipelineRuns.get', { id: runId.slice(0, 8) });
    expect(run.steps.map((step) => [step.state, step.cachedFrom])).toEqual(Array(6).fill(['cached', sample?.id]));
    const changes = events.flatMap((event) =>
      event.name === 'pipelineRuns.changed' && event.payload.id === runId ? [event.payload.state] : [],
    );
    expect(changes.at(-1)).toBe('succeeded');
    expect(changes.length).toBeGreaterThanOrEqual(6);
    await triad.close();
  });

  it('refuses unknown pipelines and bad parameters as the call’s error, and resumes only what did not succeed', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    await expect(triad.client.invoke('pipelines.run', { pipeline: 'nope', params: {} })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no pipeline nope in pipelines/ of the project (its pipelines: flight_delays)',
    });
    await expect(
      triad.client.invoke('pipelines.run', { pipeline: 'flight_delays', params: { seed: 'x' } }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'parameter seed is an integer, not "x"' });
    const { runId } = await triad.client.invoke('pipelines.run', {
      pipeline: 'flight_delays.yaml',
      params: { min_auc: 0.99 },
    });
    await expect
      .poll(async () => (await triad.client.invoke('pipelineRuns.get', { id: runId })).state, { timeout: 20_000 })
      .toBe('failed');
    const resumed = await triad.client.invoke('pipelineRuns.resume', { id: runId });
    await expect
      .poll(async () => (await triad.client.invoke('pipelineRuns.get', { id: resumed.runId })).state, {
        timeout: 20_000,
      })
      .toBe('failed');
    expect(await triad.client.invoke('pipelineRuns.get', { id: resumed.runId })).toMatchObject({ resumedFrom: runId });
    const [sample] = await triad.client
      .invoke('pipelineRuns.list', { pipeline: 'flight_delays', limit: 10 })
      .then((runs) => runs.filter((entry) => entry.reason === 'sample'));
    await expect(triad.client.invoke('pipelineRuns.resume', { id: sample?.id ?? '' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('only a failed, cancelled or interrupted run can be resumed'),
    });
    expect(await triad.client.invoke('pipelineRuns.cancel', { id: runId })).toEqual({ cancelled: false });
    await triad.close();
  });
});
