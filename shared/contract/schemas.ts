import { z } from 'zod';
import { ROLE_IDS } from '../roles.js';
import { SERVICE_IDS, SERVICE_STATES } from '../services.js';

export const NoInput = z.object({}).strict();

export const ProjectPath = z
  .string({ error: 'a project path must be a string' })
  .trim()
  .min(1, 'a project path must not be empty');

export const ProjectInfo = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  isDefault: z.boolean(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const TableFact = z.object({ name: z.string(), rows: z.number().int() });

export const ProjectFacts = z.object({
  tables: z.array(TableFact),
  featureViews: z.number().int(),
  featureServices: z.number().int(),
  runs: z.number().int(),
  models: z.number().int(),
  trainingSets: z.number().int(),
  /** Quality checks, and how many failed when they last ran. */
  checks: z.object({ total: z.number().int(), failing: z.number().int() }),
  databaseBytes: z.number().int(),
  artifactsBytes: z.number().int(),
  artifactCount: z.number().int(),
  schemaVersion: z.number().int(),
});
export type ProjectFacts = z.infer<typeof ProjectFacts>;

export const RecentProject = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProject>;

export const Role = z.enum(ROLE_IDS);

export const Settings = z.object({
  role: Role,
  lastProjectPath: z.string().nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const ServiceId = z.enum(SERVICE_IDS);

export const ServiceStatus = z.object({
  id: ServiceId,
  label: z.string(),
  state: z.enum(SERVICE_STATES),
  detail: z.string().nullable(),
  /** Where the service listens, for those that do (the model server). */
  url: z.string().nullable(),
  error: z.string().nullable(),
  since: z.string(),
});
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const AppInfo = z.object({
  appVersion: z.string(),
  runtime: z.enum(['electron', 'node']),
  platform: z.string(),
  appDataDir: z.string(),
  supportedSchemaVersion: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ColumnType = z.enum(['integer', 'real', 'text', 'boolean', 'timestamp', 'date', 'json', 'binary']);

export const ColumnSpec = z.object({
  source: z.string(),
  name: z.string().trim().min(1, 'a column needs a name'),
  type: ColumnType,
  format: z.string().nullable(),
  skip: z.boolean(),
});
export type ColumnSpec = z.infer<typeof ColumnSpec>;

export const SourceFormat = z.enum(['csv', 'ndjson', 'parquet', 'arrow']);

export const CsvOptions = z
  .object({
    delimiter: z.string().length(1, 'a delimiter is one character').optional(),
    header: z.boolean().optional(),
    encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'latin1']).optional(),
  })
  .strict();

export const ImportSource = z
  .object({
    path: z.string().trim().min(1, 'choose a file to import'),
    format: SourceFormat.optional(),
    csv: CsvOptions.optional(),
  })
  .strict();

export const FilePreview = z.object({
  file: z.string(),
  format: SourceFormat,
  totalBytes: z.number(),
  columns: z.array(ColumnSpec),
  /** The first rows as text, for display. */
  rows: z.array(z.array(z.string().nullable())),
  problems: z.array(z.object({ rowNumber: z.number().int(), reason: z.string() })),
  warnings: z.array(z.string()),
});
export type FilePreview = z.infer<typeof FilePreview>;

export const ImportProgress = z.object({
  rowsRead: z.number(),
  rowsImported: z.number(),
  rowsQuarantined: z.number(),
  bytesRead: z.number(),
  totalBytes: z.number(),
  elapsedMs: z.number(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const MaterializeProgress = z.object({
  view: z.string(),
  /** 0-based position of this view among the run's views. */
  viewIndex: z.number().int(),
  viewCount: z.number().int(),
  /** checking: quality checks; selecting: finding the latest row per entity; writing: upserting them. */
  stage: z.enum(['checking', 'selecting', 'writing']),
  entitiesWritten: z.number().int(),
  /** Known once the latest rows are selected. */
  entitiesToWrite: z.number().int().nullable(),
});
export type MaterializeProgress = z.infer<typeof MaterializeProgress>;

export const QuarantinedRow = z.object({
  rowNumber: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
  raw: z.string().nullable(),
});

export const CheckResult = z.object({
  check: z.string(),
  target: z.string(),
  column: z.string(),
  kind: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  failingRows: z.number(),
  totalRows: z.number(),
  detail: z.string(),
  blocking: z.boolean(),
});
export type CheckResult = z.infer<typeof CheckResult>;

/** `create` makes a new table and refuses to touch one that exists; the others create one if missing. */
export const ImportMode = z.enum(['create', 'append', 'replace']);
export type ImportMode = z.infer<typeof ImportMode>;

export const ImportOutcome = z.object({
  jobId: z.string(),
  table: z.string(),
  mode: ImportMode,
  /** True when the table did not exist before this import. */
  created: z.boolean(),
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  rowsImported: z.number(),
  rowsQuarantined: z.number(),
  quarantine: z.array(QuarantinedRow),
  /** The quality checks of the table, run once the import committed. */
  checks: z.array(CheckResult),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const ImportRecord = z.object({
  id: z.string(),
  table: z.string(),
  file: z.string(),
  fileBytes: z.number(),
  format: z.string(),
  mode: z.string(),
  status: z.string(),
  rowsImported: z.number(),
  rowsQuarantined: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

/** What names a table: definitions that stop working without it, and records built from it. */
export const TableDependents = z.object({
  /** Feature views reading the table, directly or through another view. */
  featureViews: z.array(z.string()),
  /** Quality checks whose target is the table or one of those views. */
  qualityChecks: z.array(z.string()),
  /** Training-set tables built from the table as entity rows, or whose table it is (kept as history). */
  trainingSets: z.array(z.string()),
});
export type TableDependents = z.infer<typeof TableDependents>;

/**
 * A drop's outcome. Not dropped when feature views or quality checks read the table (and no
 * force): nothing changed, and `dependents` names them. Dropped: `dependents` names what is left
 * naming a table that no longer exists.
 */
export const DropTableOutcome = z.object({
  table: z.string(),
  dropped: z.boolean(),
  dependents: TableDependents,
});
export type DropTableOutcome = z.infer<typeof DropTableOutcome>;

export const TableInfo = z.object({
  name: z.string(),
  rows: z.number(),
  columns: z.array(z.object({ name: z.string(), type: ColumnType, format: z.string().nullable() })),
  updatedAt: z.string(),
});
export type TableInfo = z.infer<typeof TableInfo>;

export const ColumnStats = z.object({
  name: z.string(),
  type: z.string(),
  count: z.number(),
  nulls: z.number(),
  distinct: z.number(),
  numeric: z
    .object({
      min: z.number().nullable(),
      max: z.number().nullable(),
      mean: z.number().nullable(),
      std: z.number().nullable(),
      quantiles: z.array(z.object({ q: z.number(), value: z.number().nullable() })),
      /** Equal-width bins; a bin with start = end counts one value (columns of a few distinct integers). */
      histogram: z.array(z.object({ start: z.number(), end: z.number(), count: z.number() })),
      /** Quantiles and histogram come from an even sample of a large table. */
      sampled: z.boolean(),
    })
    .nullable(),
  topValues: z.array(z.object({ value: z.string(), count: z.number() })),
});
export type ColumnStats = z.infer<typeof ColumnStats>;

export const TableStats = z.object({
  source: z.string(),
  rowCount: z.number(),
  columns: z.array(ColumnStats),
  correlations: z.object({ columns: z.array(z.string()), matrix: z.array(z.array(z.number().nullable())) }),
});
export type TableStats = z.infer<typeof TableStats>;

export const QueryResult = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string().nullable() })),
  /** Integers past ±2^53 come as their exact digits (text), BLOBs as hex literals like X'0A0B'. */
  rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  /** Rows matching the filter; null when not asked for. */
  total: z.number().nullable(),
});
export type QueryResult = z.infer<typeof QueryResult>;

export const DefinitionProblem = z.object({
  /** 1-based line in the file, when the problem has a place. */
  line: z.number().nullable(),
  /** 1-based column on that line, when the problem has a precise place. */
  column: z.number().nullable().optional(),
  message: z.string(),
});
export type DefinitionProblem = z.infer<typeof DefinitionProblem>;

export const DefinitionObjectKind = z.enum(['entity', 'feature view', 'feature service', 'quality check']);
export type DefinitionObjectKind = z.infer<typeof DefinitionObjectKind>;

export const DefinitionChange = z.object({
  kind: DefinitionObjectKind,
  name: z.string(),
  action: z.enum(['create', 'update', 'delete', 'unchanged']),
});
export type DefinitionChange = z.infer<typeof DefinitionChange>;

export const ApplyOutcome = z.object({
  applied: z.boolean(),
  changes: z.array(DefinitionChange),
  problems: z.array(DefinitionProblem),
});
export type ApplyOutcome = z.infer<typeof ApplyOutcome>;

export const FeatureViewSummary = z.object({
  name: z.string(),
  entities: z.array(z.string()),
  joinKeys: z.array(z.string()),
  features: z.array(z.string()),
  timestampField: z.string(),
  ttl: z.union([z.string(), z.number()]),
  online: z.boolean(),
  owner: z.string(),
  description: z.string(),
  source: z.string(),
  /** The latest event time materializations have read (epoch ms): where the next incremental run starts. */
  materializedUntil: z.number().nullable(),
});
export type FeatureViewSummary = z.infer<typeof FeatureViewSummary>;

export const FeatureCatalog = z.object({
  entities: z.array(z.object({ name: z.string(), joinKeys: z.array(z.string()), description: z.string() })),
  featureViews: z.array(FeatureViewSummary),
  services: z.array(z.object({ name: z.string(), features: z.array(z.string()), description: z.string() })),
  /** The stored definitions as a YAML document, ready to edit and apply again. */
  definitionsYaml: z.string(),
});
export type FeatureCatalog = z.infer<typeof FeatureCatalog>;

export const MaterializationRecord = z.object({
  view: z.string(),
  startMs: z.number().nullable(),
  endMs: z.number(),
  rowsWritten: z.number(),
  /** Rows of the view left out because their event time is neither epoch ms nor ISO-8601 text. */
  rowsSkipped: z.number(),
  finishedAt: z.string(),
});
export type MaterializationRecord = z.infer<typeof MaterializationRecord>;

/** A join key's value: text, or a number for a number key (the store converts it to the key's type). */
export const EntityKeyValue = z.union([z.string(), z.number()]);
export const EntityKey = z.record(z.string(), EntityKeyValue);
export type EntityKey = z.infer<typeof EntityKey>;

/**
 * `future`: the stored value became true after the time asked; the online store keeps only the
 * latest value per entity, so what held at that time is not in it (a training set has it).
 */
export const OnlineFeatureStatus = z.enum(['present', 'null', 'not_found', 'outside_ttl', 'future']);
export type OnlineFeatureStatus = z.infer<typeof OnlineFeatureStatus>;

export const OnlineFeature = z.object({
  view: z.string(),
  feature: z.string(),
  /** BLOBs come as hex literals like X'0A0B'. */
  value: z.union([z.string(), z.number(), z.null()]),
  status: OnlineFeatureStatus,
  /** When the stored value became true (epoch ms); null when no row was found. */
  eventTs: z.number().nullable(),
});
export type OnlineFeature = z.infer<typeof OnlineFeature>;

export const OnlineLookup = z.object({
  /** The entity's keys as compared with the stored ones (converted to the keys' types). */
  entity: EntityKey,
  /** `found`: every view of the service has a row for the entity; `partly_found`: some do; `not_found`: none. */
  status: z.enum(['found', 'partly_found', 'not_found']),
  /** The time freshness was judged at (epoch ms). */
  atMs: z.number(),
  features: z.array(OnlineFeature),
});
export type OnlineLookup = z.infer<typeof OnlineLookup>;

export const TrainingSetRecord = z.object({
  id: z.string(),
  table: z.string(),
  service: z.string().nullable(),
  entityTable: z.string(),
  featureViews: z.array(z.string()),
  rows: z.number(),
  contentHash: z.string(),
  artifact: z.string(),
  createdAt: z.string(),
});
export type TrainingSetRecord = z.infer<typeof TrainingSetRecord>;

export const StoredCheckResult = CheckResult.extend({ trigger: z.string(), checkedAt: z.string() });
export type StoredCheckResult = z.infer<typeof StoredCheckResult>;

export const LineageNode = z.object({
  id: z.string(),
  kind: z.enum(['file', 'table', 'feature view', 'feature service', 'training set', 'model']),
  label: z.string(),
  detail: z.string(),
});
export type LineageNode = z.infer<typeof LineageNode>;

export const LineageGraph = z.object({
  nodes: z.array(LineageNode),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type LineageGraph = z.infer<typeof LineageGraph>;

/** A model input or output: its Open Inference Protocol datatype (FP32, INT64, BYTES…) and shape, -1 where dynamic. */
export const TensorSignature = z.object({
  name: z.string(),
  /** FP16, FP32, FP64, INT8…INT64, UINT8…UINT64, BOOL, BYTES; a sequence or map as e.g. `sequence<map<BYTES,FP32>>`. */
  datatype: z.string(),
  /** Null when the graph does not say. */
  shape: z.array(z.number()).nullable(),
});
export type TensorSignature = z.infer<typeof TensorSignature>;

export const ModelSignature = z.object({
  inputs: z.array(TensorSignature),
  outputs: z.array(TensorSignature),
  irVersion: z.number(),
  /** Operator set versions by domain ('' is the default ONNX domain). */
  opsets: z.record(z.string(), z.number()),
  producer: z.string(),
  metadata: z.record(z.string(), z.string()),
});
export type ModelSignature = z.infer<typeof ModelSignature>;

export const CurvePoint = z.object({ x: z.number(), y: z.number() });

/** What a model version is: how it was made and how well it did. Imported models have only what their file says. */
export const ModelCard = z.object({
  /** gbdt, logreg, linreg, kmeans, or imported. */
  algorithm: z.string(),
  task: z.enum(['binary', 'multiclass', 'regression', 'clustering', 'unknown']),
  parameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  /** Metric name -> value, on the validation rows (and on the training rows under `train`). */
  metrics: z.record(z.string(), z.number().nullable()),
  trainMetrics: z.record(z.string(), z.number().nullable()),
  confusion: z.array(z.array(z.number())).nullable(),
  rocCurve: z.array(CurvePoint),
  prCurve: z.array(CurvePoint),
  importances: z.array(z.object({ feature: z.string(), importance: z.number() })),
  /**
   * After each iteration (k-means: each restart): the training loss (inertia) and, when rows were
   * held out, their log loss (RMSE for a regression), for the training chart.
   */
  history: z.array(
    z.object({ iteration: z.number(), value: z.number(), validation: z.number().nullable().optional() }),
  ),
  classes: z.array(z.union([z.string(), z.number()])).nullable(),
  /** The input columns, in the model's input order, and the label (null for clustering and imports). */
  features: z.array(z.string()),
  label: z.string().nullable(),
  trainingTable: z.string().nullable(),
  /**
   * For a model made elsewhere: the training table's columns, in order, that each input with many
   * values per row ([-1, k]) takes. Drift splits such an input into these columns.
   */
  inputColumns: z.record(z.string(), z.array(z.string())).optional(),
  trainingSetId: z.string().nullable(),
  featureService: z.string().nullable(),
  /** SHA-256 of the rows trained on. */
  trainingDataHash: z.string().nullable(),
  trainingRows: z.number().nullable(),
  validationRows: z.number().nullable(),
});
export type ModelCard = z.infer<typeof ModelCard>;

export const ModelVersion = z.object({
  name: z.string(),
  version: z.number(),
  artifact: z.string(),
  contentHash: z.string(),
  bytes: z.number(),
  signature: ModelSignature,
  card: ModelCard,
  tags: z.record(z.string(), z.string()),
  description: z.string(),
  runId: z.string().nullable(),
  createdAt: z.string(),
  /** The aliases pointing at this version. */
  aliases: z.array(z.string()),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const RegisteredModel = z.object({
  name: z.string(),
  description: z.string(),
  latestVersion: z.number(),
  versionCount: z.number(),
  aliases: z.record(z.string(), z.number()),
  updatedAt: z.string(),
});
export type RegisteredModel = z.infer<typeof RegisteredModel>;

/** One training of a model: its parameters, metrics and the files it made. */
export const TrainingRun = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number().nullable()),
  /** Files the run made, relative to the project folder. */
  artifacts: z.array(z.object({ name: z.string(), artifact: z.string() })),
  jobId: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type TrainingRun = z.infer<typeof TrainingRun>;
