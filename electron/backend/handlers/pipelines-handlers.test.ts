import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/contract/events.js';
import { startBackend } from '../backend.js';
import { createProject } from '../db/project-folder.js';
import { PipelineScheduleStore } from '../pipelines/schedule-store.js';
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
  }, 30_000);

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
  }, 30_000);

  it('reads, checks and saves pipeline files, refusing names outside the folder and replacing none on create', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const events: EventMessage[] = [];
    triad.subscribe((event) => events.push(event));
    const sample = await triad.client.invoke('pipelines.get', { pipeline: 'flight_delays' });
    expect(sample.file).toBe('flight_delays.yaml');
    expect(sample.outline.steps.map((step) => [step.name, step.kind, step.waitsFor])).toEqual([
      ['rows', 'training_set', []],
      ['features', 'sql', ['rows']],
      ['split', 'split', ['features']],
      ['train', 'train', ['split']],
      ['evaluate', 'evaluate', ['train', 'split']],
      ['register', 'register', ['train', 'evaluate']],
    ]);
    expect(sample.outline.parameters).toContainEqual({
      name: 'seed',
      type: 'integer',
      default: 7,
      description: 'how the rows are split and the trees sampled',
    });
    await expect(
      triad.client.invoke('pipelines.check', { text: `${sample.text}#${'x'.repeat(1_000_000)}` }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('at most 1 MB') });
    await expect(triad.client.invoke('pipelines.get', { pipeline: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
    const broken = sample.text.replace('kind: split', 'kind: shuffle');
    const checked = await triad.client.invoke('pipelines.check', { text: broken });
    expect(checked.steps).toEqual([]);
    expect(checked.problems).toEqual([
      expect.objectContaining({ line: sample.text.split('\n').findIndex((line) => line.includes('kind: split')) + 1 }),
    ]);
    const copy = await triad.client.invoke('pipelines.save', {
      file: 'flight_copy',
      text: sample.text.replace('name: flight_delays', 'name: flight_copy'),
      create: true,
    });
    expect(copy).toMatchObject({ file: 'flight_copy.yaml', outline: { name: 'flight_copy', problems: [] } });
    await expect(
      triad.client.invoke('pipelines.save', { file: 'flight_copy.yaml', text: 'x', create: true }),
    ).rejects.toMatchObject({ code: 'already_exists' });
    for (const file of ['../escape.yaml', '/tmp/abs.yaml', 'sub/dir.yaml', '.hidden.yaml'])
      await expect(triad.client.invoke('pipelines.save', { file, text: 'x', create: false })).rejects.toMatchObject({
        code: 'invalid_input',
      });
    const saved = await triad.client.invoke('pipelines.save', {
      file: 'flight_copy.yaml',
      text: broken,
      create: false,
    });
    expect(saved.outline.problems).toHaveLength(1);
    expect((await triad.client.invoke('pipelines.get', { pipeline: 'flight_copy' })).text).toBe(broken);
    const lists = events.flatMap((event) => (event.name === 'pipelines.changed' ? [event.payload] : []));
    expect(lists.at(-1)?.map((entry) => [entry.file, entry.valid])).toEqual([
      ['flight_copy.yaml', false],
      ['flight_delays.yaml', true],
    ]);
    await triad.close();
  }, 30_000);

  it('gives the model card of the training run a pipeline made, and says when a run has none', async () => {
    const triad = await startTestBackend(temporaryFolder('appdata'));
    const [run] = await triad.client.invoke('pipelineRuns.list', {});
    const train = run?.steps.find((step) => step.kind === 'train');
    const runId = String(train?.outputs.model?.value).replace(/^run:/, '');
    const card = await triad.client.invoke('runs.card', { runId });
    expect(card).toMatchObject({ algorithm: 'gbdt', task: 'binary', label: 'delayed' });
    expect(card.rocCurve.length).toBeGreaterThan(2);
    await expect(triad.client.invoke('runs.card', { runId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await triad.close();
  }, 30_000);
});

describe('pipelines.schedules', () => {
  it('reports the runs a schedule missed while the project was closed, its next fire times and its triggers', async () => {
    const project = createProject(join(temporaryFolder('scheduled'), 'project'));
    mkdirSync(join(project.path, 'pipelines'));
    writeFileSync(
      join(project.path, 'pipelines', 'nightly.yaml'),
      `name: nightly
schedule: { cron: "0 6 * * *", timezone: Europe/Paris }
triggers: [ { table: events } ]
steps:
  - name: one
    kind: sql
    with: { sql: "SELECT 1 AS n", table: one }
`,
    );
    // Last open three days ago: three 06:00s in Paris passed since.
    const closedAt = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
    new PipelineScheduleStore(project.db).arm({
      pipeline: 'nightly',
      file: 'nightly.yaml',
      cron: '0 6 * * *',
      timezone: 'Europe/Paris',
      checkedUntil: closedAt,
    });
    project.close();
    const triad = await startBackend({
      appDataDir: temporaryFolder('appdata'),
      runtime: 'node',
      projectPath: createProject(join(temporaryFolder('other'), 'project')).path,
      modelServer: { host: '127.0.0.1', port: 0 },
      poolThreads: 1,
    });
    const events: EventMessage[] = [];
    triad.subscribe((event) => events.push(event));
    await triad.client.invoke('project.open', { path: project.path });
    const [nightly, ...others] = await triad.client.invoke('pipelines.schedules', {});
    expect(others).toEqual([]);
    expect(nightly).toMatchObject({
      pipeline: 'nightly',
      file: 'nightly.yaml',
      problems: [],
      schedule: { cron: '0 6 * * *', timezone: 'Europe/Paris', params: {} },
      triggers: [{ table: 'events', params: {}, lastSeen: { rows: null, updatedAt: null } }],
    });
    expect(nightly?.schedule?.nextRuns).toHaveLength(3);
    expect(nightly?.history.map((event) => event.outcome)).toEqual(['missed', 'missed', 'missed']);
    expect(await triad.client.invoke('pipelineRuns.list', {})).toEqual([]);
    const reported = events.flatMap((event) => (event.name === 'pipelineSchedules.changed' ? [event.payload] : []));
    expect(reported).toEqual([{ pipeline: 'nightly', events: [...(nightly?.history ?? [])].reverse() }]);
    expect(await triad.client.invoke('pipelines.schedules', { pipeline: 'nightly', limit: 1 })).toMatchObject([
      { pipeline: 'nightly', history: [nightly?.history[0]] },
    ]);
    expect(await triad.client.invoke('pipelines.schedules', { pipeline: 'other' })).toEqual([]);
    await expect(triad.client.invoke('pipelines.schedules', { limit: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await triad.close();
  }, 30_000);
});
