// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline files write their references as ${…} in plain text

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUEL_PIPELINE, writeCarsNdjson } from '../electron/backend/test-support/fuel-pipeline.js';
import { CLI, runTriad, runTriadOk, startServer, temporaryDir } from './harness.js';

const work = temporaryDir('pipelines-cli');
const home = join(work.path, 'home');
afterAll(() => work.remove());

const PIPELINE = `name: flight_delays
parameters:
  seed: { type: integer, default: 7 }
steps:
  - name: train
    kind: train
    with: { table: "\${steps.split.train}", algo: gbdt, label: delayed }
  - name: rows
    kind: training_set
    with: { service: delays, entities: flights, table: delay_rows }
  - name: split
    kind: split
    with:
      table: \${steps.rows.table}
      test_fraction: 0.2
      seed: \${params.seed}
`;

function pipelineFile(name: string, text: string): string {
  const file = join(work.path, name);
  writeFileSync(file, text);
  return file;
}

describe('triad pipelines validate', () => {
  it('prints the steps in the order they would run, as text and as JSON', () => {
    const file = pipelineFile('good.yaml', PIPELINE);
    const text = runTriad(home, ['pipelines', 'validate', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(
      'good.yaml: pipeline flight_delays is valid, 3 steps in this order:\n  rows\n  split (after rows)\n  train (after split)\n',
    );
    const json = runTriad(home, ['pipelines', 'validate', file, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      name: 'flight_delays',
      steps: [
        { name: 'rows', after: [] },
        { name: 'split', after: ['rows'] },
        { name: 'train', after: ['split'] },
      ],
    });
  });

  it('exits 1 with each problem on its line, and for a file that is not there', () => {
    const file = pipelineFile(
      'bad.yaml',
      PIPELINE.replace('${params.seed}', '${params.sede}').replace('split.train', 'split.trian'),
    );
    const result = runTriad(home, ['pipelines', 'validate', file, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'triad: bad.yaml has 2 problems:',
        'bad.yaml:7: step `train` table: step `split` has no output `trian`: it has `train`, `test`',
        'bad.yaml:16: step `split` seed: `${params.sede}` names no parameter: declare `sede` under parameters',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(result.stdout).error.problems).toHaveLength(2);
    const missing = runTriad(home, ['pipelines', 'validate', join(work.path, 'none.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no such file');
  });
});

describe('triad pipelines list', () => {
  it("lists a project's pipeline files, each checked, and says where to write one when there is none", () => {
    const project = join(work.path, 'project');
    runTriadOk(home, ['init', project]);
    expect(runTriadOk(home, ['pipelines', 'list', '--project', project])).toBe(
      'No pipelines: write one in pipelines/NAME.yaml in the project folder (see docs/pipelines.md).\n',
    );
    mkdirSync(join(project, 'pipelines'));
    writeFileSync(join(project, 'pipelines', 'delays.yaml'), PIPELINE);
    writeFileSync(join(project, 'pipelines', 'broken.yml'), PIPELINE.replace('kind: split', 'kind: spilt'));
    writeFileSync(join(project, 'pipelines', 'notes.txt'), 'not a pipeline');
    expect(runTriadOk(home, ['pipelines', 'list', '--project', project])).toBe(
      'broken.yml  1 problem (triad pipelines validate pipelines/broken.yml)\ndelays.yaml  flight_delays, 3 steps\n',
    );
    const listed = JSON.parse(runTriadOk(home, ['pipelines', 'list', '--project', project, '--json']));
    expect(listed[0]).toMatchObject({ file: 'broken.yml', valid: false, problems: [{ line: 12 }] });
  });
});

describe('triad run and triad runs', () => {
  const project = join(work.path, 'runs-project');

  it('runs a pipeline of the project, then reuses every step of an unchanged re-run', () => {
    runTriadOk(home, ['init', project]);
    writeCarsNdjson(project);
    mkdirSync(join(project, 'pipelines'));
    writeFileSync(join(project, 'pipelines', 'fuel.yaml'), FUEL_PIPELINE);
    const first = runTriad(home, ['run', 'fuel', '--project', project]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Run [0-9a-f-]{36} of fuel \(Ctrl\+C cancels it\)/);
    expect(first.stderr).toMatch(/ {2}register: succeeded — model fuel:1/);
    expect(first.stdout).toMatch(/^Run [0-9a-f-]{36} of pipeline fuel \(fuel\.yaml\): succeeded\n/);
    expect(first.stdout).toMatch(/evaluate +evaluate +succeeded +1 .*roc_auc 0\.9\d{3}/);
    // What it registered, and the files it made by their content hashes.
    expect(first.stdout).toMatch(/\nRegistered fuel:1\n/);
    expect(first.stdout).toMatch(
      /\ntrain +model\.onnx +[0-9a-f]{12} +[\d.]+ KB +artifacts\/models\/[0-9a-f]{64}\.onnx\n/,
    );
    const again = JSON.parse(runTriadOk(home, ['run', 'pipelines/fuel.yaml', '--project', project, '--json']));
    expect(again.state).toBe('succeeded');
    expect(again.steps.map((step: { state: string }) => step.state)).toEqual(Array(6).fill('cached'));
    expect(again.registered).toEqual([]);
    expect(again.steps[5].outputs).toEqual({ model: { type: 'model', value: 'fuel:1' } });
    expect(again.steps[5].artifacts).toEqual([again.steps[3].artifacts[0]]);
    const list = runTriadOk(home, ['runs', 'list', '--project', project]);
    expect(list.split('\n')[0]).toMatch(/^ID +PIPELINE +STATE +STARTED \(UTC\) +TIME +STEPS +WHY$/);
    expect(list).toMatch(/fuel +succeeded .* 6\/6 done +manual/);
    const logs = runTriadOk(home, ['runs', 'logs', again.id.slice(0, 8), '--project', project, '--step', 'train']);
    expect(logs).toBe('train (cached)\n  (no log: the step did not run here)\n');
  });

  it('exits 1 when a gate is missed, shows why, and resumes the failed run', () => {
    const failed = runTriad(home, ['run', 'fuel', '--project', project, '--param', 'min_auc=0.9999', '--json']);
    expect(failed.code).toBe(1);
    const run = JSON.parse(failed.stdout);
    expect(run.error).toMatch(/^step evaluate failed: gate missed: roc_auc 0\.\d{4} is below its gate min 0\.9999$/);
    const shown = runTriadOk(home, ['runs', 'show', run.id, '--project', project]);
    expect(shown).toMatch(/register +register +skipped +0 +a step it waits for did not succeed/);
    const logs = runTriadOk(home, ['runs', 'logs', run.id, '--project', project, '--step', 'evaluate']);
    expect(logs).toMatch(/on fuel_split_test: accuracy 0\.\d{4}/);
    const resumed = runTriad(home, ['runs', 'resume', run.id.slice(0, 8), '--project', project, '--json']);
    expect(resumed.code).toBe(1);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ resumedFrom: run.id, reason: 'resume', state: 'failed' });
    const unknown = runTriad(home, ['run', 'nope', '--project', project]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no pipeline nope in pipelines/ of the project (its pipelines: fuel)');
    const badParam = runTriad(home, ['run', 'fuel', '--project', project, '--param', 'min_auc=high']);
    expect(badParam.stderr).toContain('parameter min_auc is a number, not "high"');
  });
});

describe('a pipeline run killed with its process', () => {
  it('shows as interrupted in the next command, and resumes, reusing the steps that succeeded', async () => {
    const project = join(work.path, 'killed-project');
    runTriadOk(home, ['init', project]);
    const lines = ['id,value'];
    for (let row = 0; row < 1_500_000; row++) lines.push(`${row},${row % 977}`);
    writeFileSync(join(project, 'big.csv'), `${lines.join('\n')}\n`);
    mkdirSync(join(project, 'pipelines'));
    writeFileSync(
      join(project, 'pipelines', 'slow.yaml'),
      [
        'name: slow',
        'steps:',
        '  - name: first',
        '    kind: sql',
        '    with: { sql: SELECT 1 AS x, table: one_row }',
        '  - name: big',
        '    kind: ingest',
        '    after: [first]',
        '    with: { file: big.csv, table: big }',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [CLI, 'run', 'slow', '--project', project], {
      env: { ...process.env, TRIAD_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await expect.poll(() => stderr, { timeout: 30_000 }).toMatch(/big: running/);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const [listed] = JSON.parse(runTriadOk(home, ['runs', 'list', '--project', project, '--json']));
    expect(listed).toMatchObject({ state: 'interrupted' });
    expect(listed.error).toMatch(/^its process \(pid \d+\) stopped while the run went on$/);
    expect(listed.steps.map((step: { state: string }) => step.state)).toEqual(['succeeded', 'interrupted']);
    const resumed = JSON.parse(runTriadOk(home, ['runs', 'resume', listed.id, '--project', project, '--json']));
    expect(resumed).toMatchObject({ state: 'succeeded', resumedFrom: listed.id });
    expect(resumed.steps.map((step: { state: string }) => step.state)).toEqual(['cached', 'succeeded']);
    expect(resumed.steps[1].metrics).toMatchObject({ rows: 1_500_000, quarantined: 0 });
  }, 120_000);
});

describe('pipeline triggers and triad pipelines schedules', () => {
  it('triad serve runs a pipeline when triad ingest in another process brings its table new data', async () => {
    const project = join(work.path, 'triggered-project');
    runTriadOk(home, ['init', project]);
    writeFileSync(join(work.path, 'events.csv'), 'id,value\n1,10\n2,20\n');
    runTriadOk(home, ['ingest', join(work.path, 'events.csv'), '--table', 'events', '--project', project]);
    mkdirSync(join(project, 'pipelines'));
    writeFileSync(
      join(project, 'pipelines', 'totals.yaml'),
      [
        'name: totals',
        'schedule: { cron: "0 6 * * *", timezone: Europe/Paris }',
        'triggers: [ { table: events } ]',
        'steps:',
        '  - name: sum',
        '    kind: sql',
        '    with: { sql: SELECT sum(value) AS total FROM events, table: event_totals }',
        '',
      ].join('\n'),
    );
    const schedules = () => JSON.parse(runTriadOk(home, ['pipelines', 'schedules', '--project', project, '--json']));
    const server = await startServer(['--project', project, '--model-port', '0'], { TRIAD_HOME: home });
    try {
      // The new trigger notes the table as it is; the rows already there start nothing.
      await expect.poll(() => schedules()[0].triggers[0].lastSeen, { timeout: 20_000 }).toMatchObject({ rows: 2 });
      expect(schedules()[0].history).toEqual([]);
      runTriadOk(home, [
        'ingest',
        join(work.path, 'events.csv'),
        '--table',
        'events',
        '--mode',
        'append',
        '--project',
        project,
      ]);
      await expect
        .poll(() => schedules()[0].history.map((event: { outcome: string }) => event.outcome), { timeout: 30_000 })
        .toEqual(['started']);
      const [event] = schedules()[0].history;
      expect(event).toMatchObject({ source: 'trigger', table: 'events', change: { rows: 4 } });
      await expect
        .poll(() => JSON.parse(runTriadOk(home, ['runs', 'show', event.runId, '--project', project, '--json'])).state, {
          timeout: 30_000,
        })
        .toBe('succeeded');
      const text = runTriadOk(home, ['pipelines', 'schedules', '--project', project]);
      expect(text).toMatch(/^totals \(totals\.yaml\)\n {2}schedule {2}0 6 \* \* \* in Europe\/Paris; next: /);
      expect(text).toContain('  trigger   new data in events; last seen: 4 rows, changed ');
      expect(text).toMatch(/events: 4 rows, changed .* UTC +started +run [0-9a-f]{8}/);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
