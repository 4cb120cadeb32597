// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline files write their references as ${…} in plain text
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTriad, runTriadOk, temporaryDir } from './harness.js';

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
