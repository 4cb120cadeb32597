import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../../shared/contract/pipeline-runs.js';
import { rejectedTriadError } from '../../../shared/test-support/refusals.js';
import { recordTable } from '../db/table-catalog.js';
import { createSampleProject } from '../sample/sample-project.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { executeStep } from './run-pipeline-step.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('a training_set step', () => {
  it('records its snapshot: service, feature views with their definitions, entity table, rows, content hash', async () => {
    const project = await createSampleProject(join(temporaryFolder('snapshot'), 'sample'));
    const build = (): Promise<StepResult> =>
      executeStep(
        {
          runId: 'run',
          pipeline: 'flight_delays',
          step: 'rows',
          kind: 'training_set',
          settings: { service: 'delay_prediction', entities: 'departure_labels', table: 'snapshot_rows' },
          params: {},
        },
        { db: project.db, projectDir: project.path, jobId: 'job', signal: new AbortController().signal, log: () => {} },
      );
    const first = await build();
    const views = project.db
      .prepare('SELECT name, definition, updated_at FROM triad_feature_views ORDER BY name')
      .all() as {
      name: string;
      definition: string;
      updated_at: string;
    }[];
    expect(first.snapshot).toMatchObject({
      table: 'snapshot_rows',
      service: 'delay_prediction',
      entityTable: 'departure_labels',
      rows: 2000,
      featureViews: views.map((view) => ({
        name: view.name,
        definitionHash: sha256(view.definition),
        updatedAt: view.updated_at,
      })),
    });
    // The set itself is an artifact named by its content hash.
    const [artifact] = first.artifacts;
    expect(artifact?.path).toBe(`artifacts/training-sets/${first.snapshot?.contentHash}.parquet`);
    expect(sha256(readFileSync(join(project.path, artifact?.path as string)))).toBe(first.snapshot?.contentHash);
    // Built again on the same data: another record, the same snapshot.
    const again = await build();
    expect(again.snapshot?.id).not.toBe(first.snapshot?.id);
    expect(again.snapshot?.contentHash).toBe(first.snapshot?.contentHash);
    expect(again.artifacts).toEqual(first.artifacts);
    // New labelled rows: a different snapshot.
    project.db.transaction(() => {
      project.db.exec(
        `INSERT INTO departure_labels SELECT origin, date, destination, delay >= 15 FROM flights WHERE rowid % 10 = 1 LIMIT 50`,
      );
      recordTable(project.db, 'departure_labels', null, new Date().toISOString());
    })();
    const changed = await build();
    expect(changed.snapshot?.rows).toBe(2050);
    expect(changed.snapshot?.contentHash).not.toBe(first.snapshot?.contentHash);
    project.close();
  }, 60_000);
});

describe('a register step', () => {
  /** The refusal of a register step with `settings` in the sample project's flight_delays pipeline. */
  async function registerRefusal(folder: string, settings: Record<string, unknown>) {
    const project = await createSampleProject(join(temporaryFolder(folder), 'sample'));
    try {
      return await rejectedTriadError(
        executeStep(
          { runId: 'run', pipeline: 'flight_delays', step: 'register', kind: 'register', settings, params: {} },
          {
            db: project.db,
            projectDir: project.path,
            jobId: 'job',
            signal: new AbortController().signal,
            log: () => {},
          },
        ),
      );
    } finally {
      project.close();
    }
  }

  it("refuses a training table for a train step's model, which records the data it learnt from itself", async () => {
    const refusal = await registerRefusal('register', {
      model: 'run:some-run',
      name: 'delays',
      training_table: 'departure_labels',
    });
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      message:
        "a train step's model records the data it learnt from itself: training_table, input_columns and matrix_input are for a command step's model",
    });
  });

  it('refuses input columns that a parameter turned into something other than column names', async () => {
    // A whole-text reference to a number parameter becomes the number itself.
    const refusal = await registerRefusal('register-columns', {
      model: 'model.onnx',
      name: 'delays',
      training_table: 'departure_labels',
      input_columns: [5],
    });
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      message:
        "`input_columns` must be a list of column names, or each input's list of column names by the input's name, not [5]",
    });
  });
});
