import { z } from 'zod';
import { DefinitionProblem } from './schemas.js';

/** running -> one of the final states; `interrupted`: its process died while it ran. */
export const PIPELINE_RUN_STATES = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const PipelineRunState = z.enum(PIPELINE_RUN_STATES);
export type PipelineRunState = z.infer<typeof PipelineRunState>;

/**
 * pending -> running -> succeeded or failed or cancelled; `cached`: an earlier run's outputs were
 * reused; `skipped`: a step it waits for did not succeed.
 */
export const STEP_RUN_STATES = [
  'pending',
  'running',
  'succeeded',
  'cached',
  'failed',
  'cancelled',
  'skipped',
  'interrupted',
] as const;
export const StepRunState = z.enum(STEP_RUN_STATES);
export type StepRunState = z.infer<typeof StepRunState>;

/** A step's output as later steps take it: a table name, a model reference (NAME:VERSION or a run's model), metrics, a file. */
export const StepOutputs = z.record(z.string(), z.union([z.string(), z.record(z.string(), z.number().nullable())]));
export type StepOutputs = z.infer<typeof StepOutputs>;

export const StepRun = z.object({
  step: z.string(),
  kind: z.string(),
  state: StepRunState,
  attempts: z.number().int(),
  cacheKey: z.string().nullable(),
  /** The run whose outputs a cached step reused. */
  cachedFrom: z.string().nullable(),
  /** The job of its last try; its log is the step's log. */
  jobId: z.string().nullable(),
  outputs: StepOutputs,
  metrics: z.record(z.string(), z.number().nullable()),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type StepRun = z.infer<typeof StepRun>;

export const PipelineRun = z.object({
  id: z.string(),
  pipeline: z.string(),
  file: z.string(),
  /** The pipeline's YAML as it was run, and its SHA-256. */
  definition: z.string(),
  definitionHash: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  state: PipelineRunState,
  /** Why it ran: `manual`, `resume`, `schedule` or `trigger`. */
  reason: z.string(),
  resumedFrom: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(StepRun),
});
export type PipelineRun = z.infer<typeof PipelineRun>;

/** A pipeline file of the project, checked: its name and step count, or its problems with their lines. */
export const ProjectPipeline = z.discriminatedUnion('valid', [
  z.object({ file: z.string(), valid: z.literal(true), name: z.string(), steps: z.number().int() }),
  z.object({ file: z.string(), valid: z.literal(false), problems: z.array(DefinitionProblem) }),
]);
export type ProjectPipeline = z.infer<typeof ProjectPipeline>;

export const StartedRun = z.object({ runId: z.string() });

/** What the Pipelines page draws and offers: a pipeline's steps with what each waits for, and its parameters. */
export const PipelineOutline = z.object({
  /** Empty when the text has problems. */
  name: z.string(),
  description: z.string(),
  parameters: z.array(
    z.object({
      name: z.string(),
      type: z.enum(['string', 'integer', 'number', 'boolean']),
      default: z.union([z.string(), z.number(), z.boolean()]).nullable(),
      description: z.string(),
    }),
  ),
  steps: z.array(
    z.object({ name: z.string(), kind: z.string(), description: z.string(), waitsFor: z.array(z.string()) }),
  ),
  problems: z.array(DefinitionProblem),
});
export type PipelineOutline = z.infer<typeof PipelineOutline>;

/** A pipeline file of the project: its name in pipelines/, its text and what the text says. */
export const PipelineFile = z.object({ file: z.string(), text: z.string(), outline: PipelineOutline });
export type PipelineFile = z.infer<typeof PipelineFile>;
