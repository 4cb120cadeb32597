import { z } from 'zod';
import { BundleExportResult, BundleImportResult } from './bundles.js';
import { StepResult } from './pipeline-runs.js';
import {
  CheckResult,
  ColumnSpec,
  ImportMode,
  MaterializationRecord,
  ModelCard,
  ModelVersion,
  QuarantinedRow,
  SourceFormat,
  TableStats,
  TrainingSetRecord,
} from './schemas.js';
import { DriftReport } from './serving.js';

/** Every operation that can take more than about a second runs as one of these. */
export const JOB_KINDS = [
  'import',
  'materialize',
  'training-set',
  'table-stats',
  'quality-run',
  'definitions-draft',
  'train',
  'model-import',
  'predict',
  'pipeline-step',
  'bundle-export',
  'bundle-import',
  'drift-check',
] as const;
export const JobKind = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKind>;

/** queued -> running -> one of the final states; `interrupted`: its process died while it ran. */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const FINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export function isFinalJobState(state: JobState): boolean {
  return FINAL_JOB_STATES.includes(state);
}

export const JobProgress = z.object({
  /** What the job is doing now, in the user's words: "reading", "writing flights_hourly". */
  stage: z.string(),
  done: z.number(),
  /** Null while the amount of work is not known yet. */
  total: z.number().nullable(),
  /** What done and total count: rows, bytes, entities, checks... */
  unit: z.string(),
  ratePerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  /** Other counts worth showing beside the bar, such as rows quarantined. */
  counts: z.record(z.string(), z.number()),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobLogEntry = z.object({
  at: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
});
export type JobLogEntry = z.infer<typeof JobLogEntry>;

/** Where a job was started: the desktop app or web mode's backend, or a `triad` command. */
export const JobOrigin = z.enum(['app', 'cli']);
export type JobOrigin = z.infer<typeof JobOrigin>;

export const JobSummary = z.object({
  id: z.string(),
  kind: JobKind,
  /** One line a user recognises: "Import flights.csv into flights". */
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  state: JobState,
  progress: JobProgress.nullable(),
  error: z.string().nullable(),
  origin: JobOrigin,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const Job = JobSummary.extend({
  log: z.array(JobLogEntry),
  /** The kind's result once succeeded (see jobResults), else null. */
  result: z.unknown().nullable(),
});
export type Job = z.infer<typeof Job>;

export const StartedJob = z.object({ jobId: z.string() });
export type StartedJob = z.infer<typeof StartedJob>;

export const ImportResult = z.object({
  /** The import's record in the import history. */
  importId: z.string(),
  table: z.string(),
  format: SourceFormat,
  /** The schema the file was imported with. */
  columns: z.array(ColumnSpec),
  mode: ImportMode,
  /** True when the table did not exist before this import. */
  created: z.boolean(),
  rowsImported: z.number(),
  rowsQuarantined: z.number(),
  quarantine: z.array(QuarantinedRow),
  /** The quality checks of the table, run once the import committed. */
  checks: z.array(CheckResult),
  durationMs: z.number(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const TrainResult = z.object({
  runId: z.string(),
  /** The model file, content-addressed in the project's artifacts. */
  artifact: z.string(),
  contentHash: z.string(),
  card: ModelCard,
  iterations: z.number(),
  converged: z.boolean(),
  /** The registry version made, when asked to register. */
  registered: z.object({ name: z.string(), version: z.number() }).nullable(),
  /** Where a copy of the model file was written, when asked. */
  out: z.string().nullable(),
  /** Columns left out of the features, with why. */
  skipped: z.array(z.string()),
});
export type TrainResult = z.infer<typeof TrainResult>;

export const PredictResult = z.object({
  /** The model as scored: its reference and version, or its file. */
  model: z.string(),
  table: z.string(),
  rows: z.number(),
  /** The prediction columns written, e.g. prediction, probability_<class>. */
  columns: z.array(z.string()),
  out: z.string().nullable(),
  into: z.string().nullable(),
});

/** What each kind of job leaves as its result. */
export const jobResults = {
  import: ImportResult,
  materialize: z.array(MaterializationRecord.omit({ finishedAt: true })),
  'training-set': TrainingSetRecord.extend({
    /** Rows that could take no part in the join (keys not of a view's key type, unreadable event times). */
    warnings: z.array(z.string()),
    /** Per feature: how many entity rows got a value. */
    features: z.array(z.object({ feature: z.string(), view: z.string(), present: z.number().int() })),
    skipped: z.array(
      z.object({
        view: z.string(),
        entityRowsWithInvalidKeys: z.number().int(),
        featureRowsWithUnreadableTime: z.number().int(),
      }),
    ),
  }),
  'table-stats': TableStats,
  'quality-run': z.array(CheckResult),
  'definitions-draft': z.object({ yaml: z.string() }),
  train: TrainResult,
  'model-import': ModelVersion,
  predict: PredictResult,
  'pipeline-step': StepResult,
  'bundle-export': BundleExportResult,
  'bundle-import': BundleImportResult,
  'drift-check': DriftReport.omit({ id: true }),
} as const satisfies Record<JobKind, z.ZodType>;

export type JobResult<K extends JobKind> = z.output<(typeof jobResults)[K]>;

export const JobsListInput = z
  .object({
    /** Only jobs in these states; default every state. */
    states: z.array(JobState).optional(),
    kinds: z.array(JobKind).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const JobProgressEvent = z.object({ jobId: z.string(), kind: JobKind, progress: JobProgress });
