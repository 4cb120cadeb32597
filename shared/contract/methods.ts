import { z } from 'zod';
import { ALGORITHMS } from '../model-algorithms.js';
import { BundleExportChoices, BundleInspection, BundlePlanSummary, ConflictResolutions } from './bundles.js';
import { InputColumns } from './input-columns.js';
import { Job, JobSummary, JobsListInput, StartedJob } from './jobs.js';
import { PipelineFile, PipelineOutline, PipelineRun, ProjectPipeline, StartedRun } from './pipeline-runs.js';
import { PipelineSchedules, PipelineSchedulesInput } from './pipeline-schedules.js';
import {
  AppInfo,
  ApplyOutcome,
  ColumnSpec,
  DropTableOutcome,
  EntityKey,
  FeatureCatalog,
  FilePreview,
  ImportMode,
  ImportRecord,
  ImportSource,
  LineageGraph,
  MaterializationRecord,
  ModelCard,
  ModelVersion,
  NoInput,
  OnlineLookup,
  ProjectFacts,
  ProjectInfo,
  ProjectPath,
  QueryResult,
  RecentProject,
  RegisteredModel,
  Role,
  ServiceId,
  ServiceStatus,
  Settings,
  StoredCheckResult,
  TableInfo,
  TrainingRun,
  TrainingSetRecord,
} from './schemas.js';
import {
  Deployment,
  DeploymentSettings,
  DriftQuery,
  DriftReport,
  DriftWatchSettings,
  LoggedPrediction,
  MetricsQuery,
  PredictionLogSettings,
  RetrainOutcome,
  ServingMetrics,
  ServingStatus,
  TryInferInput,
  TryInferOutcome,
} from './serving.js';
import { KeyName, OwnSigningKey, TrustedKey, TrustedKeys } from './signing-keys.js';

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  summary: string;
  input: I;
  output: O;
}

function method<I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): MethodSpec<I, O> {
  return { summary, input, output };
}

/** Every backend method, once. Handlers, the renderer's client, the CLI and tests all derive from this table. */
export const methods = {
  'app.info': method('Versions, runtime and where app data lives', NoInput, AppInfo),

  'project.current': method('The project the backend has open', NoInput, ProjectInfo),
  'project.facts': method('Live counts and sizes of the open project', NoInput, ProjectFacts),
  'project.open': method('Open an existing project folder', z.object({ path: ProjectPath }).strict(), ProjectInfo),
  'project.create': method(
    'Create a project folder and open it',
    z
      .object({
        path: ProjectPath,
        name: z.string().trim().min(1, 'a project name must not be empty').max(120).optional(),
        /** Fill it with the flights sample: data, definitions, checks, online store, a training set. */
        sample: z.boolean().optional(),
      })
      .strict(),
    ProjectInfo,
  ),
  'project.recent': method('Recently opened projects, newest first', NoInput, z.array(RecentProject)),

  'services.list': method('State of the three backend services', NoInput, z.array(ServiceStatus)),
  'services.restart': method('Stop and start one service', z.object({ id: ServiceId }).strict(), ServiceStatus),

  'tables.list': method('The imported tables with their row counts and column types', NoInput, z.array(TableInfo)),
  'tables.drop': method(
    'Drop a data table and its catalog entries; left as it is while feature views or quality checks read it, unless force',
    z
      .object({
        table: z.string().trim().min(1, 'name the table to drop'),
        force: z.boolean().optional(),
      })
      .strict(),
    DropTableOutcome,
  ),

  'imports.preview': method(
    'Read the start of a file and propose a schema, writing nothing',
    ImportSource,
    FilePreview,
  ),
  'imports.start': method(
    'Start importing a file into a table, as a job',
    ImportSource.extend({
      table: z.string().trim().min(1, 'name the table to import into'),
      mode: ImportMode,
      columns: z.array(ColumnSpec).optional(),
      maxQuarantined: z.number().int().min(0).optional(),
      /** Web mode names an upload by the user's file name, not by the copy the server keeps. */
      sourceName: z.string().trim().min(1).max(300).optional(),
    }).strict(),
    StartedJob,
  ),
  'imports.history': method('Past imports, newest first', NoInput, z.array(ImportRecord)),

  'tables.stats': method(
    'Start computing per-column statistics, histograms and correlations of a table or feature view, as a job',
    z.object({ source: z.string().min(1) }).strict(),
    StartedJob,
  ),
  'tables.rows': method(
    'A window of rows of a table or feature view, sorted and filtered',
    z
      .object({
        source: z.string().min(1),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
        orderBy: z.string().optional(),
        descending: z.boolean().optional(),
        filter: z.string().optional(),
        /** Count the matching rows too (a full scan): once per source and filter, not per page. */
        countTotal: z.boolean().default(true),
      })
      .strict(),
    QueryResult,
  ),

  'features.catalog': method(
    'Entities, feature views and services, with the definitions as YAML',
    NoInput,
    FeatureCatalog,
  ),
  'features.apply': method(
    'Validate definitions (YAML) and, unless dryRun, apply them; problems come back with their lines. Objects the YAML leaves out are deleted only when listed in confirmedDeletions (a dry run lists them)',
    z
      .object({
        yaml: z.string(),
        dryRun: z.boolean(),
        confirmedDeletions: z.array(z.object({ kind: z.string(), name: z.string() }).strict()).optional(),
      })
      .strict(),
    ApplyOutcome,
  ),
  'features.skeleton': method(
    'Start drafting feature definitions from the project’s tables (for a project that has none yet), as a job',
    NoInput,
    StartedJob,
  ),
  'features.materialize': method(
    'Start materializing feature views into the online store (default: every online view, incrementally), as a job',
    z
      .object({ views: z.array(z.string()).optional(), startMs: z.number().optional(), endMs: z.number().optional() })
      .strict(),
    StartedJob,
  ),
  'features.materializations': method('Past materializations, newest first', NoInput, z.array(MaterializationRecord)),
  'features.buildTrainingSet': method(
    'Start building a point-in-time-correct training set from an entity table and a feature service, as a job',
    z
      .object({
        entityTable: z.string().min(1, 'choose the entity table'),
        service: z.string().min(1, 'choose a feature service'),
        timestampColumn: z.string().optional(),
        table: z.string().optional(),
      })
      .strict(),
    StartedJob,
  ),
  'features.trainingSets': method('Training sets built so far, newest first', NoInput, z.array(TrainingSetRecord)),
  'features.online': method(
    "An entity's latest feature values of a service from the online store, with a status per feature; freshness (TTL) judged at atMs (default now)",
    z
      .object({
        service: z.string().min(1, 'choose a feature service'),
        entity: EntityKey,
        atMs: z.number().optional(),
      })
      .strict(),
    OnlineLookup,
  ),

  'quality.results': method('The latest result of every quality check', NoInput, z.array(StoredCheckResult)),
  'quality.run': method(
    'Start running the quality checks of a table or feature view (default: all), as a job',
    z.object({ target: z.string().optional() }).strict(),
    StartedJob,
  ),
  'lineage.graph': method(
    'Which files made which tables, which tables feed which feature views, and which training sets used them',
    NoInput,
    LineageGraph,
  ),

  'models.list': method('Registered models with their newest version and aliases', NoInput, z.array(RegisteredModel)),
  'models.versions': method(
    'Every version of a registered model, newest first, with its card and signature',
    z.object({ name: z.string().min(1) }).strict(),
    z.array(ModelVersion),
  ),
  'models.get': method(
    'One version: NAME (the newest), NAME@ALIAS or NAME:VERSION',
    z.object({ reference: z.string().min(1, 'name a model') }).strict(),
    ModelVersion,
  ),
  'models.setAlias': method(
    'Point an alias at a version, moving it from where it pointed',
    z.object({ name: z.string().min(1), alias: z.string().min(1), version: z.number().int().min(1) }).strict(),
    ModelVersion,
  ),
  'models.annotate': method(
    "Set a version's description and/or tags (the tags given replace its tags)",
    z
      .object({
        name: z.string().min(1),
        version: z.number().int().min(1),
        description: z.string().max(5000).optional(),
        tags: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    ModelVersion,
  ),
  'models.deleteVersion': method(
    'Delete a version; refused while an alias points at it',
    z.object({ name: z.string().min(1), version: z.number().int().min(1) }).strict(),
    z.object({ deleted: z.boolean() }),
  ),
  'models.import': method(
    'Start registering an ONNX file made anywhere as a new version, as a job',
    z
      .object({
        path: z.string().min(1, 'choose a model file'),
        name: z.string().min(1, 'name the registered model'),
        description: z.string().max(2000).default(''),
        /** The project table the model was trained on: drift compares live inputs with it. */
        trainingTable: z.string().min(1).nullable().default(null),
        inputColumns: InputColumns.nullable().default(null),
        /** Which input a list of columns is; null for the only input with many values per row. */
        matrixInput: z.string().min(1).nullable().default(null),
      })
      .strict(),
    StartedJob,
  ),
  'models.train': method(
    'Start training a model on a table or training set, as a job',
    z
      .object({
        table: z.string().min(1, 'choose a table'),
        /** Null for clustering. */
        label: z.string().min(1, 'choose the label column').nullable(),
        algorithm: z.enum(ALGORITHMS),
        params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
        features: z.array(z.string()).nullable().default(null),
        validTable: z.string().nullable().default(null),
        validFraction: z.number().min(0).max(0.9).default(0.2),
        seed: z.number().int().min(0).default(0),
        register: z.string().nullable().default(null),
      })
      .strict(),
    StartedJob,
  ),
  'models.registerRun': method(
    'Register the model a training run made as a new version',
    z.object({ runId: z.string().min(1), name: z.string().min(1, 'name the registered model') }).strict(),
    ModelVersion,
  ),
  'runs.list': method('Training runs, newest first', NoInput, z.array(TrainingRun)),
  'runs.card': method(
    'The model card a training run wrote: its metrics, curves, confusion matrix and importances',
    z.object({ runId: z.string().min(1) }).strict(),
    ModelCard,
  ),

  'pipelines.list': method(
    "The project's pipeline files (pipelines/*.yaml), each checked",
    NoInput,
    z.array(ProjectPipeline),
  ),
  'pipelines.get': method(
    'A pipeline file of the project (by name or file): its text and what it says',
    z.object({ pipeline: z.string().min(1, 'name the pipeline') }).strict(),
    PipelineFile,
  ),
  'pipelines.check': method(
    'Check a pipeline text without saving it: its steps and parameters, or its problems with their lines',
    z.object({ text: z.string().max(1_000_000, 'a pipeline file is at most 1 MB') }).strict(),
    PipelineOutline,
  ),
  'pipelines.save': method(
    'Write a pipeline file into the project (pipelines/FILE); create refuses to replace one',
    z
      .object({
        file: z.string().min(1, 'name the file'),
        text: z.string().max(1_000_000, 'a pipeline file is at most 1 MB'),
        create: z.boolean().default(false),
      })
      .strict(),
    PipelineFile,
  ),
  'pipelines.run': method(
    'Start a run of a pipeline of the project (by name or file): its steps run as jobs; pipelineRuns.changed follows it',
    z
      .object({
        pipeline: z.string().min(1, 'name the pipeline'),
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
      })
      .strict(),
    StartedRun,
  ),
  'pipelines.schedules': method(
    "Each pipeline's schedule with its next fire times, its triggers with the table state they last saw, and their recent history (runs started, skipped, missed or refused)",
    PipelineSchedulesInput,
    z.array(PipelineSchedules),
  ),
  'bundles.plan': method(
    'What exporting a pipeline as a bundle would write: each entry with its size, before anything is written',
    BundleExportChoices,
    BundlePlanSummary,
  ),
  'bundles.export': method(
    'Start writing a pipeline bundle to a file, as a job',
    BundleExportChoices.extend({
      path: z.string().min(1, 'choose where to write the bundle'),
      author: z.string().max(200).optional(),
      sign: z.boolean().default(false),
    }).strict(),
    StartedJob,
  ),
  'bundles.inspect': method(
    'Check a bundle whole and say what it holds, who signed it, and what importing it into the open project would change; writes nothing',
    z.object({ path: z.string().min(1, 'choose a bundle file') }).strict(),
    BundleInspection,
  ),
  'bundles.import': method(
    'Start importing a bundle into the open project, all or nothing, as a job; every conflict needs a resolution',
    z
      .object({ path: z.string().min(1, 'choose a bundle file'), resolutions: ConflictResolutions.default({}) })
      .strict(),
    StartedJob,
  ),
  'pipelineRuns.list': method(
    'Pipeline runs, newest first, of one pipeline or all',
    z.object({ pipeline: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.array(PipelineRun),
  ),
  'pipelineRuns.get': method(
    'One pipeline run with its steps',
    z.object({ id: z.string().min(1) }).strict(),
    PipelineRun,
  ),
  'pipelineRuns.cancel': method(
    'Cancel a running pipeline run: its running steps stop, the others never start; false when it runs nowhere here',
    z.object({ id: z.string().min(1) }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),
  'pipelineRuns.resume': method(
    'Go on with a failed, cancelled or interrupted run as a new run: the steps that succeeded are reused',
    z.object({ id: z.string().min(1) }).strict(),
    StartedRun,
  ),

  'jobs.list': method('Running and recent jobs, newest first', JobsListInput, z.array(JobSummary)),
  'jobs.get': method(
    'One job with its log and, once it succeeded, its result',
    z.object({ id: z.string() }).strict(),
    Job,
  ),
  'jobs.cancel': method(
    'Cancel a queued or running job: its thread stops and nothing it wrote half-way stays; false when it had already ended',
    z.object({ id: z.string() }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),

  'keys.get': method(
    'Your bundle signing key (its public half), or null when you have none',
    NoInput,
    z.object({ key: OwnSigningKey.nullable() }),
  ),
  'keys.create': method(
    'Make your bundle signing key in the app-data folder; replace refuses nothing, else an existing key is kept (already_exists)',
    z.object({ name: KeyName, replace: z.boolean().default(false) }).strict(),
    OwnSigningKey,
  ),
  'keys.trusted': method(
    'The keys the open project trusts, and whether its imported bundles must carry a trusted signature',
    NoInput,
    TrustedKeys,
  ),
  'keys.trust': method(
    "Trust a teammate's key, given as its public key line (triad-ed25519 KEY NAME), under the line's name or another",
    z
      .object({
        line: z.string().max(10_000, 'a public key line is one short line'),
        name: KeyName.optional(),
      })
      .strict(),
    TrustedKey,
  ),
  'keys.untrust': method(
    'Stop trusting a key; the last one stays while signatures are required',
    z.object({ keyId: z.string().trim().min(1, 'name the key ID') }).strict(),
    TrustedKey,
  ),
  'keys.setRequireSignature': method(
    'Whether imported bundles must carry a valid signature by a trusted key; on is refused while no key is trusted',
    z.object({ on: z.boolean() }).strict(),
    TrustedKeys,
  ),

  'serving.status': method(
    "The model server's URL, the deployments with their state, and the prediction log's settings",
    NoInput,
    ServingStatus,
  ),
  'serving.deploy': method(
    'Serve a registry version (NAME:VERSION), alias (NAME@ALIAS, following it when it moves) or newest version (NAME); again to change its settings',
    z
      .object({
        reference: z.string().trim().min(1, 'name a model to deploy'),
        settings: DeploymentSettings.optional(),
      })
      .strict(),
    Deployment,
  ),
  'serving.undeploy': method(
    'Stop serving a reference; requests in flight finish first',
    z.object({ reference: z.string().trim().min(1, 'name the deployment') }).strict(),
    z.object({ undeployed: z.boolean() }),
  ),
  'serving.tryInfer': method(
    "Send one request to a deployment through the backend (the app's try-it forms): its status, JSON body and latency",
    TryInferInput,
    TryInferOutcome,
  ),
  'serving.setLogging': method(
    "The prediction log's sample rate, retention and size limit",
    PredictionLogSettings,
    PredictionLogSettings,
  ),
  'serving.setDriftWatch': method(
    "Whether, how often and over which window deployed versions' drift is checked on a schedule",
    DriftWatchSettings,
    DriftWatchSettings,
  ),
  'serving.metrics': method(
    'Requests per second, latency percentiles, errors and the prediction distribution over a time range',
    MetricsQuery,
    ServingMetrics,
  ),
  'serving.predictions': method(
    'The newest logged predictions, newest first',
    z.object({ model: z.string().min(1).optional(), limit: z.number().int().min(1).max(1000).default(50) }).strict(),
    z.array(LoggedPrediction),
  ),
  'serving.checkDrift': method(
    "Compare a window of live inputs with the version's training data, feature by feature, and keep the report",
    DriftQuery,
    DriftReport,
  ),
  'serving.driftReports': method(
    'Drift reports, newest first: the alert history',
    z.object({ model: z.string().min(1).optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    z.array(DriftReport),
  ),
  'serving.retrain': method(
    'Start the pipeline that produced a model version again',
    z.object({ model: z.string().trim().min(1, 'name a model') }).strict(),
    RetrainOutcome,
  ),

  'settings.get': method('User settings shared by every window', NoInput, Settings),
  'settings.setRole': method('Remember the active role workspace', z.object({ role: Role }).strict(), Settings),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

/** A method's input after validation (defaults applied, strings trimmed). */
export type MethodParams<M extends MethodName> = z.output<Methods[M]['input']>;
