// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipelines hold ${…} references.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { EventBus } from '../contract/event-bus.js';
import { quoteIdentifier } from '../db/column-types.js';
import type { Project } from '../db/project.js';
import { createProject } from '../db/project-folder.js';
import { lineageGraph } from '../lineage/lineage-graph.js';
import { listModels, modelVersions } from '../models/model-registry.js';
import { PipelineRunStore } from '../pipelines/run-store.js';
import { createSampleProject } from '../sample/sample-project.js';
import { FUEL_PIPELINE, writeCarsNdjson } from '../test-support/fuel-pipeline.js';
import { PYTHON } from '../test-support/python.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { JobManager } from './job-manager.js';
import { JobStore } from './job-store.js';
import { PipelineRunner } from './pipeline-runner.js';
import { WorkerPool } from './worker-pool.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(): { project: Project; runner: PipelineRunner; jobs: JobManager } {
  const project = createProject(join(temporaryFolder('pipelines'), 'project'));
  writeCarsNdjson(project.path);
  const pool = new WorkerPool(2);
  const jobs = new JobManager(pool, new EventBus(), 'cli');
  cleanups.push(
    () => project.close(),
    async () => {
      await pool.close();
    },
  );
  return { project, runner: new PipelineRunner(jobs, 2), jobs };
}

const fileSha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const states = (run: PipelineRun) => Object.fromEntries(run.steps.map((step) => [step.step, step.state]));

describe('PipelineRunner', () => {
  it('runs every step as a job in the order of the graph, registers the model, and records the run', async () => {
    const { project, runner } = setUp();
    const run = await runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: {}, reason: 'manual' });
    expect({ state: run.state, error: run.error }).toEqual({ state: 'succeeded', error: null });
    expect(states(run)).toEqual({
      load: 'succeeded',
      labelled: 'succeeded',
      split: 'succeeded',
      train: 'succeeded',
      evaluate: 'succeeded',
      register: 'succeeded',
    });
    expect(run.params).toEqual({ seed: 3, min_auc: 0.8, rounds: 30 });
    const [evaluate, register] = [run.steps[4], run.steps[5]];
    expect(evaluate?.metrics.roc_auc).toBeGreaterThan(0.9);
    expect(register?.outputs).toEqual({ model: { type: 'model', value: 'fuel:1' } });
    expect(run.registered).toEqual(['fuel:1']);
    expect(modelVersions(project.db, 'fuel')[0]?.aliases).toEqual(['champion']);
    // The files it made, content-addressed: the trained model is the file the registered version keeps.
    const [train] = [run.steps[3]];
    expect(train?.artifacts.map((artifact) => artifact.name)).toEqual(['model.onnx', 'model-card.json']);
    expect(register?.artifacts).toEqual([train?.artifacts[0]]);
    expect(evaluate?.artifacts.map((artifact) => artifact.name)).toEqual(['metrics.json']);
    for (const artifact of [...(train?.artifacts ?? []), ...(evaluate?.artifacts ?? [])]) {
      const file = join(project.path, artifact.path);
      expect(artifact.sha256).toBe(fileSha256(file));
      expect(artifact.bytes).toBe(statSync(file).size);
    }
    expect(JSON.parse(readFileSync(join(project.path, evaluate?.artifacts[0]?.path as string), 'utf8'))).toEqual(
      evaluate?.metrics,
    );
    const rows = (name: string) =>
      (project.db.prepare(`SELECT count(*) AS n FROM ${quoteIdentifier(name)}`).get() as { n: number }).n;
    expect(rows('fuel_split_train') + rows('fuel_split_test')).toBe(rows('cars_labelled'));
    expect(rows('cars_labelled')).toBe(398);
    // Each step ran as a job, whose log is the step's log.
    const log = new JobStore(project.db).get(run.steps[2]?.jobId as string).log.map((entry) => entry.message);
    expect(log.join('\n')).toMatch(/rows to fuel_split_train/);
    expect(new PipelineRunStore(project.db).list('fuel').map((listed) => listed.id)).toEqual([run.id]);
  });

  it('reuses every step of an unchanged re-run, and re-runs what a changed input or parameter reaches', async () => {
    const { project, runner } = setUp();
    const first = await runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: {}, reason: 'manual' });
    const again = await runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: {}, reason: 'manual' });
    expect(Object.values(states(again))).toEqual(['cached', 'cached', 'cached', 'cached', 'cached', 'cached']);
    expect(again.steps.every((step) => step.cachedFrom === first.id)).toBe(true);
    expect(again.steps[4]?.metrics).toEqual(first.steps[4]?.metrics);
    // A cached step keeps the record of what it reused; the re-run registered nothing itself.
    expect(again.steps.map((step) => step.artifacts)).toEqual(first.steps.map((step) => step.artifacts));
    expect(again.registered).toEqual([]);
    // Another seed: the split, and everything after it, run again; what comes before is reused.
    const reseeded = await runner.run(project, {
      file: 'fuel.yaml',
      text: FUEL_PIPELINE,
      params: { seed: '4' },
      reason: 'manual',
    });
    expect(states(reseeded)).toMatchObject({
      load: 'cached',
      labelled: 'cached',
      split: 'succeeded',
      train: 'succeeded',
    });
    expect(reseeded.steps[5]?.outputs).toEqual({ model: { type: 'model', value: 'fuel:2' } });
    expect(reseeded.registered).toEqual(['fuel:2']);
    // A dropped output table is not reused.
    project.db.exec('DROP TABLE cars_labelled');
    project.db.prepare("DELETE FROM triad_tables WHERE name = 'cars_labelled'").run();
    const rebuilt = await runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: {}, reason: 'manual' });
    expect(states(rebuilt)).toMatchObject({ load: 'cached', labelled: 'succeeded' });
  });

  it('fails the run on a missed gate, skips what waits for it, and resumes from the failed step', async () => {
    const { project, runner } = setUp();
    const failed = await runner.run(project, {
      file: 'fuel.yaml',
      text: FUEL_PIPELINE,
      params: { min_auc: 0.9999 },
      reason: 'manual',
    });
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^step evaluate failed: gate missed: roc_auc 0\.\d{4} is below its gate min 0\.9999/);
    expect(states(failed)).toMatchObject({ train: 'succeeded', evaluate: 'failed', register: 'skipped' });
    expect(listModels(project.db)).toEqual([]);
    // Resuming goes on with the definition and parameters the run had: the gate fails again, and
    // the steps that succeeded are not run again.
    const resumed = await runner.run(project, {
      file: 'fuel.yaml',
      text: FUEL_PIPELINE,
      params: {},
      reason: 'resume',
      resumeFrom: failed,
    });
    expect(resumed.resumedFrom).toBe(failed.id);
    expect(states(resumed)).toMatchObject({ load: 'cached', train: 'cached', evaluate: 'failed', register: 'skipped' });
    await expect(
      runner.run(project, {
        file: 'fuel.yaml',
        text: FUEL_PIPELINE,
        params: {},
        reason: 'resume',
        resumeFrom: { ...resumed, state: 'succeeded' },
      }),
    ).rejects.toThrow(/only a failed, cancelled or interrupted run can be resumed/);
  });

  it('refuses unknown and mistyped parameters before anything runs', async () => {
    const { project, runner } = setUp();
    await expect(
      runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: { sed: 1 }, reason: 'manual' }),
    ).rejects.toThrow('pipeline fuel has no parameter sed (its parameters: seed, min_auc, rounds)');
    await expect(
      runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: { seed: 'x' }, reason: 'manual' }),
    ).rejects.toThrow('parameter seed is an integer, not "x"');
    expect(new PipelineRunStore(project.db).list()).toEqual([]);
  });

  it('cancels a run mid-way: its running step stops, the steps after it never start', async () => {
    const { project, runner } = setUp();
    let running: PipelineRun | null = null;
    const ended = runner.run(
      project,
      { file: 'fuel.yaml', text: FUEL_PIPELINE, params: { rounds: 100_000 }, reason: 'manual' },
      {
        onStep: (step, run) => {
          if (step.step === 'train' && step.state === 'running') running = run;
        },
      },
    );
    await expect.poll(() => running, { timeout: 20_000 }).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runner.cancel((running as unknown as PipelineRun).id)).toBe(true);
    const run = await ended;
    expect({ state: run.state, error: run.error }).toEqual({ state: 'cancelled', error: 'cancelled by the user' });
    expect(states(run)).toMatchObject({
      split: 'succeeded',
      train: 'cancelled',
      evaluate: 'cancelled',
      register: 'cancelled',
    });
    expect(project.db.prepare('SELECT count(*) AS n FROM triad_model_versions').get()).toEqual({ n: 0 });
  }, 30_000);

  it('fails a step that runs past its timeout', async () => {
    const { project, runner } = setUp();
    const slow = FUEL_PIPELINE.replace(
      '  - name: train\n    kind: train\n',
      '  - name: train\n    kind: train\n    timeout: 1\n',
    );
    const run = await runner.run(project, {
      file: 'fuel.yaml',
      text: slow,
      params: { rounds: 100_000 },
      reason: 'manual',
    });
    expect(run.state).toBe('failed');
    expect(run.steps[3]).toMatchObject({ step: 'train', state: 'failed', error: 'timed out after 1 s' });
    expect(run.error).toBe('step train failed: timed out after 1 s');
    expect(states(run)).toMatchObject({ evaluate: 'skipped', register: 'skipped' });
  }, 30_000);

  it('runs a Python program as a command step: its inputs written for it, its log kept, its outputs collected', async () => {
    const { project, runner } = setUp();
    copyFileSync(join(import.meta.dirname, '../test-support/fit-cars.py'), join(project.path, 'fit.py'));
    const text = `${FUEL_PIPELINE.slice(0, FUEL_PIPELINE.indexOf('  - name: split'))}  - name: fit
    kind: command
    with:
      run: [${PYTHON}, fit.py]
      inputs: { cars: "\${steps.labelled.table}" }
      format: csv
      outputs:
        model: { type: model, path: model.onnx }
        metrics: { type: metrics, path: metrics.json }
        scored: { type: table, path: scored.csv }
  - name: register
    kind: register
    with: { model: "\${steps.fit.model}", name: python_fuel, training_table: "\${steps.labelled.table}" }
`;
    const run = await runner.run(project, { file: 'python.yaml', text, params: { seed: 5 }, reason: 'manual' });
    expect({ state: run.state, error: run.error }).toEqual({ state: 'succeeded', error: null });
    const fit = run.steps.find((step) => step.step === 'fit');
    expect(fit?.metrics.roc_auc).toBeGreaterThan(0.9);
    expect(fit?.outputs.scored).toEqual({ type: 'table', value: 'fuel_fit_scored' });
    // Its output files, each kept once by content; the registered model is the same file as its output.
    const folder = join(project.path, 'artifacts', 'pipeline-runs', run.id, 'fit');
    expect(
      fit?.artifacts.map((artifact) => [artifact.name, artifact.sha256, artifact.bytes, artifact.path.split('/')[1]]),
    ).toEqual(
      ['model.onnx', 'metrics.json', 'scored.csv'].map((name, index) => [
        name,
        fileSha256(join(folder, name)),
        statSync(join(folder, name)).size,
        ['models', 'metrics', 'files'][index],
      ]),
    );
    const registered = run.steps.find((step) => step.step === 'register');
    expect(registered?.artifacts[0]?.path).toBe(fit?.artifacts[0]?.path);
    expect(run.registered).toEqual(['python_fuel:1']);
    const held = (project.db.prepare('SELECT count(*) AS n FROM fuel_fit_scored').get() as { n: number }).n;
    expect(held).toBeGreaterThan(50);
    const log = new JobStore(project.db).get(fit?.jobId as string).log.map((entry) => entry.message);
    expect(log).toContain(`[stdout] fitted on ${392 - held} rows, held out ${held}`);
    const [version] = modelVersions(project.db, 'python_fuel');
    expect(version?.signature.inputs.map((input) => input.name)).toEqual([
      'Displacement',
      'Horsepower',
      'Weight_in_lbs',
      'Acceleration',
    ]);
    // Named in the register step, the table it learnt from is on its card: drift compares with it.
    expect(version?.card.trainingTable).toBe(run.steps.find((step) => step.step === 'labelled')?.outputs.table?.value);
    // Unchanged: reused. The script changed: it runs again.
    const again = await runner.run(project, { file: 'python.yaml', text, params: { seed: 5 }, reason: 'manual' });
    expect(again.steps.find((step) => step.step === 'fit')?.state).toBe('cached');
    writeFileSync(join(project.path, 'fit.py'), `${readFileSync(join(project.path, 'fit.py'), 'utf8')}\n# edited\n`);
    const edited = await runner.run(project, { file: 'python.yaml', text, params: { seed: 5 }, reason: 'manual' });
    expect(edited.steps.find((step) => step.step === 'fit')?.state).toBe('succeeded');
    // A program that fails fails its step with its last lines.
    writeFileSync(join(project.path, 'fit.py'), 'import sys\nprint("no data here", file=sys.stderr)\nsys.exit(3)\n');
    const failed = await runner.run(project, { file: 'python.yaml', text, params: { seed: 5 }, reason: 'manual' });
    expect(failed.error).toBe(`step fit failed: ${PYTHON} exited with code 3: no data here`);
  }, 60_000);

  it('refuses a second SQL statement in a sql step, a missing command output and metrics that are not numbers', async () => {
    const { project, runner } = setUp();
    const sneaky = `
name: sneaky
steps:
  - name: load
    kind: ingest
    with: { file: cars.ndjson, table: cars }
  - name: derive
    kind: sql
    with: { sql: "SELECT * FROM \${steps.load.table}; DROP TABLE cars", table: derived }
`;
    const refused = await runner.run(project, { file: 'sneaky.yaml', text: sneaky, params: {}, reason: 'manual' });
    expect(refused.steps[1]?.error).toMatch(/^only one statement can run here/);
    expect(project.db.prepare('SELECT count(*) AS n FROM cars').get()).toEqual({ n: 406 });
    const command = (script: string) => `
name: careless
steps:
  - name: write
    kind: command
    with:
      run: [${PYTHON}, -c, "${script}"]
      outputs:
        metrics: { type: metrics, path: metrics.json }
`;
    const missing = await runner.run(project, {
      file: 'careless.yaml',
      text: command('print(1)'),
      params: {},
      reason: 'manual',
    });
    expect(missing.error).toBe(`step write failed: ${PYTHON} did not write its output metrics (metrics.json)`);
    const wordy = await runner.run(project, {
      file: 'careless.yaml',
      text: command("open('metrics.json', 'w').write('{\\\"auc\\\": \\\"high\\\"}')"),
      params: {},
      reason: 'manual',
    });
    expect(wordy.error).toBe('step write failed: output metrics: metric auc is "high", not a number');
  }, 30_000);

  it('tries a failing step again after a doubling wait, then fails it', async () => {
    const { project, runner } = setUp();
    const flaky = `
name: flaky
steps:
  - name: derive
    kind: sql
    retries: 2
    retry_backoff: 1s
    with: { sql: SELECT * FROM not_yet_there, table: derived }
  - name: after
    kind: sql
    with: { sql: "SELECT * FROM \${steps.derive.table}", table: derived_again }
`;
    const started = Date.now();
    const run = await runner.run(project, { file: 'flaky.yaml', text: flaky, params: {}, reason: 'manual' });
    // Waits of 1 s, then 2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(run.state).toBe('failed');
    expect(run.steps[0]).toMatchObject({ state: 'failed', attempts: 3 });
    expect(run.steps[0]?.error).toMatch(/no such table: not_yet_there/);
    expect(run.steps[1]?.state).toBe('skipped');
  });

  it('reads, reuses and resumes runs recorded before outputs had types', async () => {
    const { project, runner } = setUp();
    const asRecordedBefore = (run: PipelineRun) => {
      const update = project.db.prepare('UPDATE triad_pipeline_steps SET outputs = ? WHERE run_id = ? AND step = ?');
      for (const step of run.steps)
        update.run(
          JSON.stringify(
            Object.fromEntries(Object.entries(step.outputs).map(([name, output]) => [name, output.value])),
          ),
          run.id,
          step.step,
        );
      return new PipelineRunStore(project.db).get(run.id);
    };
    const failed = await runner.run(project, {
      file: 'fuel.yaml',
      text: FUEL_PIPELINE,
      params: { min_auc: 0.9999 },
      reason: 'manual',
    });
    const old = asRecordedBefore(failed);
    expect(old.steps.map((step) => step.outputs)).toEqual(failed.steps.map((step) => step.outputs));
    expect(old.steps[3]?.artifacts).toEqual([]);
    // Resumed: its reused steps' outputs reach the steps after them.
    const resumed = await runner.run(project, {
      file: 'fuel.yaml',
      text: FUEL_PIPELINE,
      params: {},
      reason: 'resume',
      resumeFrom: old,
    });
    expect(states(resumed)).toMatchObject({ load: 'cached', train: 'cached', evaluate: 'failed' });
    expect(resumed.steps[4]?.error).toMatch(/^gate missed: roc_auc/);
    // Cached from: an unchanged run finds the old records by their keys and their outputs still there.
    const passed = await runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: {}, reason: 'manual' });
    asRecordedBefore(passed);
    const again = await runner.run(project, { file: 'fuel.yaml', text: FUEL_PIPELINE, params: {}, reason: 'manual' });
    expect(Object.values(states(again))).toEqual(Array(6).fill('cached'));
    expect(again.steps[5]?.outputs).toEqual({ model: { type: 'model', value: 'fuel:1' } });
  }, 30_000);

  it("draws lineage from a pipeline's feature tables, through a command step, to the model it registered", async () => {
    const project = await createSampleProject(join(temporaryFolder('pipelines'), 'sample'));
    const pool = new WorkerPool(2);
    cleanups.push(
      () => project.close(),
      async () => {
        await pool.close();
      },
    );
    const [sampleModel] = modelVersions(project.db, 'flight_delays');
    const copied = `
name: copied
steps:
  - name: features
    kind: sql
    with: { sql: "SELECT * FROM flight_delay_features", table: copied_features }
  - name: fit
    kind: command
    with:
      run: [cp, ${join(project.path, sampleModel?.artifact as string)}, model.onnx]
      inputs: { rows: "\${steps.features.table}" }
      outputs:
        model: { type: model, path: model.onnx }
  - name: register
    kind: register
    with: { model: "\${steps.fit.model}", name: copied }
`;
    const runner = new PipelineRunner(new JobManager(pool, new EventBus(), 'cli'), 2);
    const run = await runner.run(project, { file: 'copied.yaml', text: copied, params: {}, reason: 'manual' });
    expect({ state: run.state, error: run.error, registered: run.registered }).toEqual({
      state: 'succeeded',
      error: null,
      registered: ['copied:1'],
    });
    const graph = lineageGraph(project.db);
    const label = new Map(graph.nodes.map((node) => [node.id, `${node.kind} ${node.label}`]));
    const into = (target: string) =>
      graph.edges.filter((edge) => edge.to === target).map((edge) => label.get(edge.from));
    // Source tables → feature views → service → training set → tables made from it → the model.
    expect(into('model:copied:1')).toEqual(['table copied_features']);
    expect(into('table:copied_features')).toEqual(['table flight_delay_features']);
    expect(into('table:flight_delay_features')).toEqual(['training set flight_delay_rows']);
    expect(into('training set:flight_delay_rows').sort()).toEqual([
      'feature service delay_prediction',
      'table departure_labels',
    ]);
  }, 60_000);
});
