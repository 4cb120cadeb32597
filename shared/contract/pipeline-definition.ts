import { z } from 'zod';
import { Duration } from './feature-definitions.js';
import { InputColumns } from './input-columns.js';

const Name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'use letters, digits and underscores, starting with a letter or underscore');

/**
 * What a step's output is, so a step taking it can be checked: a project table, a model (an ONNX
 * file with its card), metrics, or a file.
 */
export const OUTPUT_TYPES = ['table', 'model', 'metrics', 'file'] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

/** A value written in a step: text may hold `${params.NAME}` and `${steps.STEP.OUTPUT}`. */
const Text = z.string().min(1);
const NumberOrReference = z.union([z.number(), Text]);

export const ParameterDefinition = z
  .object({
    type: z.enum(['string', 'integer', 'number', 'boolean']),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    description: z.string().default(''),
  })
  .strict();

/** What every step has beside its kind's settings. */
const stepBase = {
  name: Name,
  description: z.string().default(''),
  /** Further tries after a failure, each after a longer wait. */
  retries: z.number().int().min(0).max(10).default(0),
  /** The wait before the first retry, doubled for each next one. */
  retry_backoff: Duration.default('10s'),
  /** The longest a try may run (0: no limit). */
  timeout: Duration.default(0),
  /** Reuse the outputs of an earlier run whose inputs, settings and code were the same. */
  cache: z.boolean().default(true),
  /** Steps this one waits for beyond those whose outputs it takes (e.g. register after evaluate's gates passed). */
  after: z.array(Name).default([]),
};

const step = <Kind extends string, With extends z.ZodRawShape>(kind: Kind, settings: With) =>
  z.object({ ...stepBase, kind: z.literal(kind), with: z.object(settings).strict() }).strict();

export const IngestStep = step('ingest', {
  file: Text,
  table: Text,
  mode: z.enum(['replace', 'append']).default('replace'),
});
export const SqlStep = step('sql', { sql: Text, table: Text });
export const MaterializeStep = step('materialize', { views: z.array(Text).optional() });
export const TrainingSetStep = step('training_set', { service: Text, entities: Text, table: Text });
export const SplitStep = step('split', {
  table: Text,
  test_fraction: NumberOrReference,
  by: z.enum(['random', 'time']).default('random'),
  seed: NumberOrReference.default(0),
  /** The column whose latest rows are held out when splitting by time. */
  time_column: Text.optional(),
});
export const TrainStep = step('train', {
  table: Text,
  algo: z.enum(['gbdt', 'logreg', 'linreg', 'kmeans']),
  label: Text.optional(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  valid_table: Text.optional(),
  seed: NumberOrReference.default(0),
});
export const Gate = z
  .object({ min: NumberOrReference.optional(), max: NumberOrReference.optional() })
  .strict()
  .refine((gate) => gate.min !== undefined || gate.max !== undefined, 'a gate needs min, max or both');
export const EvaluateStep = step('evaluate', {
  model: Text,
  table: Text,
  /** Metric name → bounds it must meet, e.g. roc_auc: { min: 0.8 }; one missed fails the run. */
  gates: z.record(z.string(), Gate).default({}),
});
export const RegisterStep = step('register', {
  model: Text,
  name: Text,
  /** An alias moved to the new version, e.g. champion. */
  alias: Text.optional(),
  /** For a command step's model: the table it was trained on, which drift compares live inputs with. */
  training_table: Text.optional(),
  input_columns: InputColumns.optional(),
  /** Which input a list of columns is, when the model has more than one with many values per row. */
  matrix_input: Text.optional(),
});
export const PredictStep = step('predict', { model: Text, table: Text, into: Text });
export const CommandOutput = z.object({ type: z.enum(OUTPUT_TYPES), path: Text }).strict();
export const CommandStep = step('command', {
  /** The program and its arguments, e.g. [python3, train.py]. */
  run: z.array(Text).min(1, 'name the program to run, e.g. [python3, train.py]'),
  /** Tables and models written into the step's folder for the program, by name. */
  inputs: z.record(z.string(), Text).default({}),
  /** What the program leaves in its folder, collected as the step's outputs. */
  outputs: z.record(z.string(), CommandOutput).default({}),
  format: z.enum(['parquet', 'csv']).default('parquet'),
  env: z.record(z.string(), z.string()).default({}),
});

export const STEP_KINDS = [
  'ingest',
  'sql',
  'materialize',
  'training_set',
  'split',
  'train',
  'evaluate',
  'register',
  'predict',
  'command',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const PipelineStep = z.discriminatedUnion('kind', [
  IngestStep,
  SqlStep,
  MaterializeStep,
  TrainingSetStep,
  SplitStep,
  TrainStep,
  EvaluateStep,
  RegisterStep,
  PredictStep,
  CommandStep,
]);
export type PipelineStep = z.output<typeof PipelineStep>;

/** Parameter values a scheduled or triggered run takes instead of the defaults. */
const ParameterOverrides = z.record(Name, z.union([z.string(), z.number(), z.boolean()])).default({});

/** When the pipeline runs by itself: a cron expression read in a time zone (the backend checks both). */
export const PipelineSchedule = z
  .object({
    cron: z
      .string()
      .min(1, 'write a cron expression, e.g. "0 6 * * *" (every day at 06:00)')
      .describe('Five fields: minute hour day-of-month month day-of-week, e.g. "0 6 * * *" (every day at 06:00)'),
    timezone: z
      .string({ error: 'name the time zone the cron is read in, e.g. Europe/Paris or UTC' })
      .min(1)
      .describe("An IANA time zone the cron's hours are read in, e.g. Europe/Paris or UTC"),
    params: ParameterOverrides,
  })
  .strict();
export type PipelineSchedule = z.output<typeof PipelineSchedule>;

const TableName = Name.refine(
  (name) => !/^(triad_|sqlite_)/i.test(name),
  'names starting with triad_ or sqlite_ are reserved, not data tables',
);

/** Run the pipeline when a project table gets new data (an import, a replace, a step writing it). */
export const PipelineTrigger = z
  .object({ table: TableName.describe('The project table whose new data starts a run'), params: ParameterOverrides })
  .strict();
export type PipelineTrigger = z.output<typeof PipelineTrigger>;

export const PipelineDefinition = z
  .object({
    name: Name,
    description: z.string().default(''),
    parameters: z.record(Name, ParameterDefinition).default({}),
    schedule: PipelineSchedule.optional(),
    triggers: z.array(PipelineTrigger).default([]),
    steps: z.array(PipelineStep).min(1, 'a pipeline needs at least one step'),
  })
  .strict();
export type PipelineDefinition = z.output<typeof PipelineDefinition>;

/** The outputs each kind of step makes, with their types (a command step declares its own). */
export const STEP_OUTPUTS: Record<Exclude<StepKind, 'command'>, Record<string, OutputType>> = {
  ingest: { table: 'table' },
  sql: { table: 'table' },
  materialize: {},
  training_set: { table: 'table' },
  split: { train: 'table', test: 'table' },
  train: { model: 'model', metrics: 'metrics' },
  evaluate: { metrics: 'metrics' },
  register: { model: 'model' },
  predict: { table: 'table' },
};

/** The settings that take a step's output, with the type they take (others take text or numbers). */
export const REFERENCE_TYPES: Partial<Record<StepKind, Record<string, OutputType>>> = {
  sql: {},
  training_set: { entities: 'table' },
  split: { table: 'table' },
  train: { table: 'table', valid_table: 'table' },
  evaluate: { model: 'model', table: 'table' },
  register: { model: 'model', training_table: 'table' },
  predict: { model: 'model', table: 'table' },
};
