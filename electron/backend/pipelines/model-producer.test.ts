import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { producingRun } from './model-producer.js';
import { PipelineRunStore } from './run-store.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

function recordRegisterRun(runs: PipelineRunStore, id: string, registered: string) {
  runs.create({
    id,
    pipeline: 'churn',
    file: 'churn.yaml',
    definition: 'name: churn',
    definitionHash: id,
    params: { seed: 5 },
    reason: 'manual',
    resumedFrom: null,
    steps: [{ step: 'register', kind: 'register' }],
  });
  runs.stepStarted(id, 'register', null, null);
  runs.stepEnded(id, 'register', null, {
    state: 'succeeded',
    outputs: { model: { type: 'model', value: registered } },
  });
  runs.ended(id, 'succeeded', null);
}

describe('the run that produced a model version', () => {
  it('finds the run whose register step made the version, in the record of either format', () => {
    const project = createProject(join(temporaryFolder('producer'), 'project'));
    const runs = new PipelineRunStore(project.db);
    recordRegisterRun(runs, 'typed-run', 'churn:2');
    recordRegisterRun(runs, 'older-run', 'churn:1');
    // A run recorded before outputs had types kept them as {NAME: value}.
    project.db
      .prepare('UPDATE triad_pipeline_steps SET outputs = \'{"model": "churn:1"}\' WHERE run_id = \'older-run\'')
      .run();

    expect(producingRun(project.db, 'churn', 2)).toEqual({
      runId: 'typed-run',
      pipeline: 'churn',
      params: { seed: 5 },
    });
    expect(producingRun(project.db, 'churn', 1)).toMatchObject({ runId: 'older-run' });
    expect(producingRun(project.db, 'churn', 3)).toBeNull();
    project.close();
  });
});
