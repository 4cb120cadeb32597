import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { thrownTriadError } from '../../../shared/test-support/refusals.js';
import { EventBus } from '../contract/event-bus.js';
import type { Project } from '../db/project.js';
import { createProject } from '../db/project-folder.js';
import { registerModelVersion } from '../models/model-registry.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { replaceTableFromQuery } from '../pipelines/derived-tables.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { oneNodeModel } from '../test-support/identity-models.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { importedCard } from '../use-cases/import-model.js';
import { JobManager } from './job-manager.js';
import { PipelineRunner } from './pipeline-runner.js';
import { retrainModel } from './retrain-model.js';
import { startPipelineRun } from './start-pipeline-run.js';
import { WorkerPool } from './worker-pool.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Trains on a small table and registers the model as `tiny`, its seed a parameter. */
const TINY_PIPELINE = `name: tiny
parameters:
  seed: { type: integer, default: 0 }
steps:
  - name: train
    kind: train
    with: { table: points, algo: logreg, label: y, seed: "\${params.seed}" }
  - name: register
    kind: register
    with: { model: "\${steps.train.model}", name: tiny }
`;

function setUp() {
  const project = createProject(join(temporaryFolder('retrain'), 'project'));
  replaceTableFromQuery(
    project.db,
    'points',
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) SELECT i AS x, i % 2 AS y FROM n`,
  );
  mkdirSync(join(project.path, 'pipelines'));
  writeFileSync(join(project.path, 'pipelines', 'tiny.yaml'), TINY_PIPELINE);
  const pool = new WorkerPool(1);
  const runner = new PipelineRunner(new JobManager(pool, new EventBus(), 'app'), 1);
  cleanups.push(
    () => project.close(),
    () => pool.close(),
    () => runner.cancelAll(),
  );
  const runs = new PipelineRunStore(project.db);
  const ended = async (runId: string | null) => {
    await expect.poll(() => runs.get(runId as string).state, { timeout: 20_000 }).toBe('succeeded');
    return runs.get(runId as string);
  };
  return { project, runner, ended };
}

async function registeredByPipeline(setup: ReturnType<typeof setUp>): Promise<string> {
  const { runId } = startPipelineRun(setup.runner, new EventBus(), setup.project, {
    file: 'tiny.yaml',
    text: TINY_PIPELINE,
    params: { seed: 5 },
    reason: 'manual',
  });
  await setup.ended(runId);
  return runId;
}

function registerByHand(project: Project) {
  const bytes = oneNodeModel('Add', 'FP32');
  registerModelVersion(project.db, project.path, {
    name: 'handmade',
    bytes,
    signature: readOnnxSignature(bytes, 'handmade.onnx'),
    card: importedCard({}, ['x']),
    runId: null,
  });
}

describe('retraining a model', () => {
  it('starts the pipeline run that registered the version again, with that run’s parameters', async () => {
    const setup = setUp();
    const producer = await registeredByPipeline(setup);
    const outcome = retrainModel(setup.runner, new EventBus(), setup.project, 'tiny');
    expect(outcome).toEqual({
      pipeline: 'tiny',
      runId: expect.any(String),
      message: `started pipeline tiny again with the parameters of run ${producer}, which made tiny version 1`,
    });
    expect(outcome.runId).not.toBe(producer);
    expect(await setup.ended(outcome.runId)).toMatchObject({ pipeline: 'tiny', params: { seed: 5 }, reason: 'manual' });
  }, 30_000);

  it('says how to retrain a version trained or imported by hand, starting nothing', () => {
    const setup = setUp();
    registerByHand(setup.project);
    expect(retrainModel(setup.runner, new EventBus(), setup.project, 'handmade:1')).toEqual({
      pipeline: null,
      runId: null,
      message:
        'handmade version 1 was not made by a pipeline (it was trained or imported by hand): train it again on the Train page or with triad train',
    });
    expect(new PipelineRunStore(setup.project.db).list()).toEqual([]);
  });

  it('refuses with not_found when the pipeline that made the version is gone from the project', async () => {
    const setup = setUp();
    await registeredByPipeline(setup);
    rmSync(join(setup.project.path, 'pipelines', 'tiny.yaml'));
    expect(thrownTriadError(() => retrainModel(setup.runner, new EventBus(), setup.project, 'tiny:1'))).toMatchObject({
      code: 'not_found',
      message:
        'tiny version 1 was made by pipeline tiny, which the project no longer has: no pipeline tiny in pipelines/ of the project',
    });
  }, 30_000);
});
