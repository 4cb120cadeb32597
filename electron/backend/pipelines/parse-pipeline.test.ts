// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline files write their references as ${…} in plain text
import { describe, expect, it } from 'vitest';
import { DefinitionsError } from '../features/parse-definitions.js';
import { parsePipeline, parsePipelineOnce } from './parse-pipeline.js';

const VALID = `name: flight_delays
description: Predicts a delay over 15 minutes.
parameters:
  seed: { type: integer, default: 7 }
  min_auc: { type: number, default: 0.7 }
steps:
  - name: register
    kind: register
    with:
      model: \${steps.train.model}
      name: flight_delays
      alias: champion
  - name: rows
    kind: training_set
    with:
      service: delay_features
      entities: flights
      table: delay_rows
  - name: split
    kind: split
    with:
      table: \${steps.rows.table}
      test_fraction: 0.2
      seed: \${params.seed}
  - name: train
    kind: train
    retries: 2
    timeout: 10m
    with:
      table: \${steps.split.train}
      algo: gbdt
      label: delayed
      params: { n_estimators: 100 }
  - name: evaluate
    kind: evaluate
    with:
      model: \${steps.train.model}
      table: \${steps.split.test}
      gates:
        roc_auc:
          min: \${params.min_auc}
`;

function problemsOf(text: string) {
  try {
    parsePipeline(text, 'pipeline.yaml');
  } catch (error) {
    if (error instanceof DefinitionsError) return error.problems;
    throw error;
  }
  throw new Error('the pipeline was accepted');
}

describe('parsePipeline', () => {
  it('reads a pipeline, the steps each waits for, and an order that runs them after those', () => {
    const parsed = parsePipeline(VALID, 'pipeline.yaml');
    expect(parsed.pipeline.steps.map((step) => step.kind)).toEqual([
      'register',
      'training_set',
      'split',
      'train',
      'evaluate',
    ]);
    expect(parsed.dependencies.get('evaluate')).toEqual(['train', 'split']);
    expect(parsed.order).toEqual(['rows', 'split', 'train', 'register', 'evaluate']);
    const train = parsed.pipeline.steps[3];
    expect(train).toMatchObject({ retries: 2, timeout: '10m', cache: true, retry_backoff: '10s' });
  });

  it('reads a text it read lately only once, and still refuses one with problems every time', () => {
    const first = parsePipelineOnce(VALID, 'pipeline.yaml');
    expect(parsePipelineOnce(VALID, 'pipeline.yaml')).toBe(first);
    expect(first).toEqual(parsePipeline(VALID, 'pipeline.yaml'));
    expect(parsePipelineOnce(`${VALID}\n`, 'pipeline.yaml')).not.toBe(first);
    for (let time = 0; time < 2; time++)
      expect(() => parsePipelineOnce('name: x\nsteps: []\n', 'x.yaml')).toThrow(DefinitionsError);
  });

  it('names an unknown step kind, an unknown setting and a missing one, each on its line', () => {
    const text = VALID.replace('kind: split', 'kind: splitt').replace('algo: gbdt', 'algo: gbdt\n      colour: red');
    expect(problemsOf(text)).toEqual([
      {
        line: 20,
        message:
          'step `split`: unknown kind `splitt`: use one of ingest, sql, materialize, training_set, split, train, evaluate, register, predict, command',
      },
      { line: 32, message: 'step `train` with: unknown `colour`' },
    ]);
    expect(problemsOf(VALID.replace('      algo: gbdt\n', ''))[0]).toMatchObject({ line: 30 });
  });

  it("reads a register step's input columns as a list or by input, and says what else they must be", () => {
    const registering = (columns: string) =>
      `name: p\nsteps:\n  - name: reg\n    kind: register\n    with:\n      model: m.onnx\n      name: m\n      input_columns: ${columns}\n`;
    expect(parsePipeline(registering('{x: [a, b], y: [c]}'), 'p.yaml').pipeline.steps[0]).toMatchObject({
      with: { input_columns: { x: ['a', 'b'], y: ['c'] } },
    });
    expect(parsePipeline(registering('[a, b]'), 'p.yaml').pipeline.steps[0]).toMatchObject({
      with: { input_columns: ['a', 'b'] },
    });
    expect(problemsOf(registering('{x: [a, 5]}'))).toEqual([
      {
        line: 8,
        message:
          "step `reg` with input_columns: must be a list of column names, or each input's list of column names by the input's name",
      },
    ]);
  });

  it('refuses references to no step, no output, the wrong type of output, no parameter, or the step itself', () => {
    const text = VALID.replace('${steps.rows.table}', '${steps.rowz.table}')
      .replace('${steps.split.train}', '${steps.split.training}')
      .replace('model: ${steps.train.model}\n      table', 'model: ${steps.split.test}\n      table')
      .replace('${params.seed}', '${params.sede}')
      .replace('alias: champion', 'alias: ${steps.register.model}');
    expect(problemsOf(text)).toEqual([
      { line: 12, message: "step `register` alias: `${steps.register.model}` is the step's own output" },
      { line: 22, message: 'step `split` table: `${steps.rowz.table}` names no step: there is no step `rowz`' },
      { line: 24, message: 'step `split` seed: `${params.sede}` names no parameter: declare `sede` under parameters' },
      { line: 30, message: 'step `train` table: step `split` has no output `training`: it has `train`, `test`' },
      { line: 37, message: 'step `evaluate` model: `${steps.split.test}` is a table, and model takes a model' },
    ]);
  });

  it('finds steps that wait for each other in a circle', () => {
    const text = VALID.replace('entities: flights', 'entities: ${steps.split.test}');
    expect(problemsOf(text)).toEqual([
      { line: 19, message: 'the steps wait for each other in a circle: split -> rows -> split' },
    ]);
  });

  it('waits for the steps named in after, which must exist and not be the step itself', () => {
    const waiting = VALID.replace(
      '  - name: register\n    kind: register\n',
      '  - name: register\n    kind: register\n    after: [evaluate]\n',
    );
    const parsed = parsePipeline(waiting, 'pipeline.yaml');
    expect(parsed.dependencies.get('register')).toEqual(['train', 'evaluate']);
    expect(parsed.order.at(-1)).toBe('register');
    expect(problemsOf(waiting.replace('after: [evaluate]', 'after: [evaluat, register]'))).toEqual([
      { line: 9, message: 'step `register` after: there is no step `evaluat`' },
      { line: 9, message: 'step `register` cannot wait for itself' },
    ]);
  });

  it('refuses a default of the wrong type, two steps of one name, and YAML it cannot read', () => {
    const text = VALID.replace('default: 7', 'default: 7.5').replace('name: evaluate', 'name: Train');
    expect(problemsOf(text)).toEqual([
      {
        line: 34,
        message: 'step `Train` is defined twice, on lines 25 and 34: give each a different name (names ignore case)',
      },
      { line: 4, message: 'parameter `seed`: the default 7.5 is not an integer' },
    ]);
    expect(problemsOf('name: x\nsteps:\n  - name: a\n\tkind: sql\n')[0]).toMatchObject({ line: 4 });
    expect(problemsOf('name: x\nsteps: []\n')).toEqual([
      { line: 2, message: 'steps: a pipeline needs at least one step' },
    ]);
  });
});

describe('parsePipeline: schedules and triggers', () => {
  const SCHEDULED = `name: nightly
parameters:
  limit: { type: integer, default: 10 }
schedule:
  cron: "0 6 * * *"
  timezone: Europe/Paris
  params: { limit: 20 }
triggers:
  - table: cars
  - table: trips
    params: { limit: 5 }
steps:
  - name: pick
    kind: sql
    with: { sql: "SELECT * FROM cars LIMIT \${params.limit}", table: picked }
`;

  it('reads a schedule with its time zone and parameters, and triggers on tables', () => {
    const { pipeline } = parsePipeline(SCHEDULED, 'nightly.yaml');
    expect(pipeline.schedule).toEqual({ cron: '0 6 * * *', timezone: 'Europe/Paris', params: { limit: 20 } });
    expect(pipeline.triggers).toEqual([
      { table: 'cars', params: {} },
      { table: 'trips', params: { limit: 5 } },
    ]);
  });

  it('refuses a bad cron expression, an unknown time zone and bad parameters, each on its line', () => {
    expect(problemsOf(SCHEDULED.replace('0 6 * * *', '0 25 * * *'))).toEqual([
      {
        line: 5,
        message:
          'schedule cron: `0 25 * * *` is not a cron expression (Invalid value for hour: 25): write five fields, minute hour day-of-month month day-of-week, e.g. "0 6 * * *"',
      },
    ]);
    expect(problemsOf(SCHEDULED.replace('0 6 * * *', '0 0 6 * * *'))[0]?.message).toContain('requires exactly 5 parts');
    expect(problemsOf(SCHEDULED.replace('0 6 * * *', '0 0 30 2 *'))).toEqual([
      { line: 5, message: 'schedule cron: `0 0 30 2 *` never fires: no date matches it' },
    ]);
    expect(problemsOf(SCHEDULED.replace('Europe/Paris', 'Europe/Pariss'))).toEqual([
      {
        line: 6,
        message:
          'schedule timezone: unknown time zone `Europe/Pariss`: use an IANA name such as Europe/Paris, America/New_York or UTC',
      },
    ]);
    expect(problemsOf(SCHEDULED.replace('params: { limit: 20 }', 'params: { limit: "many" }'))).toEqual([
      { line: 7, message: 'schedule params: parameter limit is an integer, not "many"' },
    ]);
    expect(problemsOf(SCHEDULED.replace('  timezone: Europe/Paris\n', ''))).toEqual([
      { line: 5, message: 'schedule.timezone: name the time zone the cron is read in, e.g. Europe/Paris or UTC' },
    ]);
  });

  it('refuses a trigger table that is no table name, that is reserved, or that the pipeline writes itself', () => {
    expect(problemsOf(SCHEDULED.replace('table: trips', 'table: trips-2024'))).toEqual([
      {
        line: 10,
        message: 'trigger 2 table: use letters, digits and underscores, starting with a letter or underscore',
      },
    ]);
    expect(problemsOf(SCHEDULED.replace('table: cars\n', 'table: triad_tables\n'))).toEqual([
      { line: 9, message: 'trigger 1 table: names starting with triad_ or sqlite_ are reserved, not data tables' },
    ]);
    expect(problemsOf(SCHEDULED.replace('table: cars\n', 'table: Picked\n'))).toEqual([
      { line: 9, message: 'trigger 1 table: step `pick` writes `Picked`, so each run would trigger the next' },
    ]);
    expect(problemsOf(SCHEDULED.replace('params: { limit: 5 }', 'params: { lmit: 5 }'))).toEqual([
      { line: 11, message: 'trigger 2 params: pipeline nightly has no parameter lmit (its parameters: limit)' },
    ]);
  });
});
