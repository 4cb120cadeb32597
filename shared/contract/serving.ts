import { z } from 'zod';
import { OnlineLookup } from './schemas.js';

/** How a deployment batches and limits its requests. */
export const DeploymentSettings = z
  .object({
    /** Rows run as one batch at most (requests are never split). */
    maxBatchRows: z.number().int().min(1).max(65_536).default(64),
    /** How long a batch waits for more requests once the model is free; 0 takes what has arrived. */
    batchWindowMicros: z.number().int().min(0).max(100_000).default(0),
    /** Requests in flight (queued or running) at most; beyond it a request is refused with 503. */
    maxConcurrency: z.number().int().min(1).max(100_000).default(1024),
  })
  .strict();
export type DeploymentSettings = z.infer<typeof DeploymentSettings>;

export const DEPLOYMENT_STATES = ['loading', 'ready', 'failed'] as const;

/** A registry reference the model server serves, and the version it resolves to now. */
export const Deployment = z.object({
  /** NAME (its newest version), NAME@ALIAS or NAME:VERSION. */
  reference: z.string(),
  model: z.string(),
  /** The version served; changes when an alias moves or a newer version is registered. */
  version: z.number().nullable(),
  state: z.enum(DEPLOYMENT_STATES),
  error: z.string().nullable(),
  settings: DeploymentSettings,
  /** Where it answers the Open Inference Protocol v2, e.g. http://127.0.0.1:8618/v2/models/churn/versions/prod. */
  url: z.string().nullable(),
  deployedAt: z.string(),
  /** When the version served last changed (a hot swap), or when it was first loaded. */
  loadedAt: z.string().nullable(),
});
export type Deployment = z.infer<typeof Deployment>;

export const PredictionLogSettings = z
  .object({
    /** Every prediction is logged up to this many per second and model; above it a sample of this many. */
    sampleRatePerSecond: z.number().min(0).max(100_000),
    /** Predictions older than this are deleted. */
    retentionDays: z.number().min(0.01).max(3650),
    /** At most this many predictions are kept (the oldest go first). */
    maxRows: z.number().int().min(1000).max(100_000_000),
  })
  .strict();
export type PredictionLogSettings = z.infer<typeof PredictionLogSettings>;

export const DEFAULT_PREDICTION_LOG: PredictionLogSettings = {
  sampleRatePerSecond: 200,
  retentionDays: 30,
  maxRows: 1_000_000,
};

export const DriftWatchSettings = z
  .object({
    /** Whether each deployed version's drift is checked on a schedule, without anyone asking. */
    enabled: z.boolean(),
    /** Minutes between two scheduled checks of a version (a version that answered nothing since is skipped). */
    everyMinutes: z.number().int().min(5).max(10_080),
    /** The window of live inputs each scheduled check compares, in minutes before the check. */
    windowMinutes: z.number().int().min(5).max(43_200),
  })
  .strict();
export type DriftWatchSettings = z.infer<typeof DriftWatchSettings>;

export const DEFAULT_DRIFT_WATCH: DriftWatchSettings = { enabled: true, everyMinutes: 60, windowMinutes: 1440 };

export const ServingStatus = z.object({
  /** The model server's base URL, null while it is not up. */
  url: z.string().nullable(),
  /** Whether requests need `Authorization: Bearer <token>`. */
  tokenRequired: z.boolean(),
  deployments: z.array(Deployment),
  logging: PredictionLogSettings,
  driftWatch: DriftWatchSettings,
});
export type ServingStatus = z.infer<typeof ServingStatus>;

export const LoggedPrediction = z.object({
  id: z.number(),
  time: z.string(),
  model: z.string(),
  version: z.number(),
  /** 200, or the HTTP status of the refusal. */
  status: z.number(),
  latencyMicros: z.number(),
  rows: z.number(),
  /** The request's inputs by name (values row-major), null when too large to keep. */
  inputs: z.record(z.string(), z.array(z.unknown())).nullable(),
  outputs: z.record(z.string(), z.array(z.unknown())).nullable(),
  /** For feature-enriched calls: the entity keys asked for. */
  entities: z.array(z.record(z.string(), z.unknown())).nullable(),
  error: z.string().nullable(),
  endpoint: z.enum(['infer', 'invocations', 'entities']),
});
export type LoggedPrediction = z.infer<typeof LoggedPrediction>;

export const MetricsQuery = z
  .object({
    /** NAME to see one model; all models when absent. */
    model: z.string().min(1).optional(),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    /** Points on the charts at most; the bucket width follows from the range. */
    points: z.number().int().min(2).max(1000).default(120),
  })
  .strict();
export type MetricsQuery = z.input<typeof MetricsQuery>;

export const MetricsBucket = z.object({
  start: z.string(),
  requests: z.number(),
  errors: z.number(),
  requestsPerSecond: z.number(),
  /** Null in a bucket without requests. */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});

/** The predictions logged in a bucket: per class for a classifier, quantiles for numbers. */
export const PredictionDistribution = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('classes'),
    output: z.string(),
    classes: z.array(z.string()),
    buckets: z.array(z.object({ start: z.string(), counts: z.array(z.number()) })),
  }),
  z.object({
    kind: z.literal('numeric'),
    output: z.string(),
    buckets: z.array(
      z.object({
        start: z.string(),
        count: z.number(),
        p10: z.number().nullable(),
        p50: z.number().nullable(),
        p90: z.number().nullable(),
      }),
    ),
  }),
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);
export type PredictionDistribution = z.infer<typeof PredictionDistribution>;

export const ServingMetrics = z.object({
  bucketSeconds: z.number(),
  buckets: z.array(MetricsBucket),
  totals: z.object({
    requests: z.number(),
    errors: z.number(),
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
    p99Ms: z.number().nullable(),
  }),
  distribution: PredictionDistribution,
});
export type ServingMetrics = z.infer<typeof ServingMetrics>;

export const DriftHistogram = z.object({
  /** Bin labels: ranges for numbers, categories for text. */
  labels: z.array(z.string()),
  reference: z.array(z.number()),
  live: z.array(z.number()),
});

export const FeatureDriftResult = z.object({
  feature: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  method: z.string(),
  /** A p-value for tests (drift below the threshold), a distance for the others (drift at or above it). */
  score: z.number(),
  threshold: z.number(),
  drifted: z.boolean(),
  psi: z.number().nullable(),
  referenceRows: z.number(),
  liveRows: z.number(),
  histogram: DriftHistogram,
});
export type FeatureDriftResult = z.infer<typeof FeatureDriftResult>;

export const DriftReport = z.object({
  id: z.number(),
  model: z.string(),
  version: z.number(),
  computedAt: z.string(),
  windowFrom: z.string(),
  windowTo: z.string(),
  /** What the live rows were compared with: a training set, or the table trained on. */
  referenceSource: z.string(),
  referenceRows: z.number(),
  liveRows: z.number(),
  driftedFeatures: z.number(),
  driftShare: z.number(),
  datasetDrift: z.boolean(),
  features: z.array(FeatureDriftResult),
});
export type DriftReport = z.infer<typeof DriftReport>;

export const DriftQuery = z
  .object({
    /** NAME, NAME@ALIAS or NAME:VERSION: the version whose training data is the reference. */
    model: z.string().min(1, 'name a model'),
    /** The live window: the last this many minutes of logged predictions. */
    windowMinutes: z.number().min(1).max(525_600).default(1440),
  })
  .strict();

export const RetrainOutcome = z.object({
  /** The pipeline that produced the model, null when none did (trained or imported by hand). */
  pipeline: z.string().nullable(),
  runId: z.string().nullable(),
  message: z.string(),
});
export type RetrainOutcome = z.infer<typeof RetrainOutcome>;

/**
 * A request sent to a deployment by the backend for the app's "try it" forms: a browser page may
 * not call the model server itself (another origin), so the backend forwards it over loopback HTTP.
 */
export const TryInferInput = z
  .object({
    /** The deployment's reference, as serving.status lists it. */
    reference: z.string().trim().min(1, 'name the deployment'),
    /** The Open Inference Protocol request: `{"inputs": [...]}`, or `{"entities": [...]}` by entity. */
    body: z.record(z.string(), z.unknown()),
    /** POST to the deployment's `/infer-by-entity` (features read from the online store) instead of `/infer`. */
    byEntity: z.boolean().default(false),
  })
  .strict();

/** The model server's answer as it came: its HTTP status, its JSON body (outputs, or `{"error"}`), and how long it took. */
export const TryInferOutcome = z.object({
  status: z.number().int(),
  body: z.unknown(),
  latencyMs: z.number(),
});
export type TryInferOutcome = z.infer<typeof TryInferOutcome>;

/** A tensor of a deployment's answer. */
export const InferenceOutput = z.object({
  name: z.string(),
  datatype: z.string(),
  shape: z.array(z.number()),
  data: z.array(z.unknown()),
});
export type InferenceOutput = z.infer<typeof InferenceOutput>;

/** What a deployment answers to `/infer`, and with each entity's features from the online store to `/infer-by-entity`. */
export const InferenceResponse = z.object({
  model_name: z.string(),
  model_version: z.string().optional(),
  outputs: z.array(InferenceOutput),
  entities: z.array(OnlineLookup).optional(),
});
export type InferenceResponse = z.infer<typeof InferenceResponse>;

/** What the model server answers when it refuses a request (with a 4xx or 5xx status). */
export const InferenceRefusal = z.object({ error: z.string() });
