import { z } from 'zod';
import { OUTPUT_TYPES } from './pipeline-definition.js';
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

const Metrics = z.record(z.string(), z.number().nullable());

/**
 * A step's output with its type: the value later steps take (a table name, a model reference
 * such as `run:ID`, `NAME:VERSION` or an ONNX file's path, a file's path, or metrics).
 */
export const StepOutput = z.object({ type: z.enum(OUTPUT_TYPES), value: z.union([z.string(), Metrics]) });
export type StepOutput = z.infer<typeof StepOutput>;
export const StepOutputs = z.record(z.string(), StepOutput);
export type StepOutputs = z.infer<typeof StepOutputs>;

/** A file a step made, kept once per content in the project's artifacts folder. */
export const StepArtifact = z.object({
  name: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  /** Relative to the project folder, e.g. artifacts/models/<sha256>.onnx. */
  path: z.string(),
});
export type StepArtifact = z.infer<typeof StepArtifact>;

/** A feature view as a training set read it: the SHA-256 of its stored definition, and when that last changed. */
export const FeatureViewVersion = z.object({ name: z.string(), definitionHash: z.string(), updatedAt: z.string() });
export type FeatureViewVersion = z.infer<typeof FeatureViewVersion>;

/** What a training_set step built, to compare with another run's: equal content hashes, equal rows. */
export const TrainingSetSnapshot = z.object({
  /** The training set's record (the Training sets page, lineage). */
  id: z.string(),
  table: z.string(),
  service: z.string().nullable(),
  featureViews: z.array(FeatureViewVersion),
  entityTable: z.string(),
  rows: z.number().int(),
  /** SHA-256 of the set as Parquet (the same rows give the same bytes), also its artifact's name. */
  contentHash: z.string(),
});
export type TrainingSetSnapshot = z.infer<typeof TrainingSetSnapshot>;

/** What a step's work leaves: its outputs, metrics, the files it made and, for a training_set step, its snapshot. */
export const StepResult = z.object({
  outputs: StepOutputs,
  metrics: Metrics,
  artifacts: z.array(StepArtifact),
  snapshot: TrainingSetSnapshot.nullable(),
});
export type StepResult = z.infer<typeof StepResult>;

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
  metrics: Metrics,
  artifacts: z.array(StepArtifact),
  /** A training_set step's snapshot; null for other steps. */
  snapshot: TrainingSetSnapshot.nullable(),
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
  /** The model versions (NAME:VERSION) its register steps added; not those a cached step reused. */
  registered: z.array(z.string()),
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
