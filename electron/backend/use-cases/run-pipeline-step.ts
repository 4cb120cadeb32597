import { isAbsolute, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { INPUT_COLUMNS_SHAPE, InputColumns } from '../../../shared/contract/input-columns.js';
import { type PipelineStep, STEP_OUTPUTS } from '../../../shared/contract/pipeline-definition.js';
import type { StepArtifact, StepOutput, StepOutputs, StepResult } from '../../../shared/contract/pipeline-runs.js';
import type { Algorithm } from '../../../shared/model-algorithms.js';
import { describeArtifact, storeArtifact } from '../db/artifacts.js';
import { quoteIdentifier } from '../db/column-types.js';
import { DATABASE_FILE } from '../db/project-folder.js';
import { featureViewVersions } from '../features/training-set-records.js';
import { splitRows } from '../models/frame-rows.js';
import { setModelAlias } from '../models/model-registry.js';
import { getRun, MODEL_FILE } from '../models/training-runs.js';
import { replaceTableFromQuery, replaceTableWithRows } from '../pipelines/derived-tables.js';
import { prepareUserQuery } from '../query/user-query.js';
import { buildTrainingSetWithSnapshot } from './build-training-set.js';
import { evaluateModelFile } from './evaluate-model-file.js';
import { importFile } from './import-file.js';
import { importModelFile } from './import-model.js';
import { materializeViews } from './materialize-views.js';
import { predictTable } from './predict-table.js';
import { registerRunModel } from './register-run-model.js';
import { type CommandStepSettings, runCommandStep } from './run-command-step.js';
import { trainModelFromTable } from './train-model.js';

/** One step of a run, its settings' references already replaced by values. */
export interface StepRequest {
  runId: string;
  pipeline: string;
  step: string;
  kind: PipelineStep['kind'];
  settings: Record<string, unknown>;
  /** The run's parameter values (a command step gets them in params.json). */
  params: Record<string, string | number | boolean>;
}

export interface StepContext {
  db: Database.Database;
  projectDir: string;
  jobId: string;
  signal: AbortSignal;
  log(message: string): void;
}

/** A train step's model, as later steps take it: the training run that made it. */
const RUN_MODEL = /^run:(.+)$/;

function text(settings: Record<string, unknown>, name: string): string {
  const value = settings[name];
  if (value === undefined || value === null) throw new TriadError('invalid_input', `the step needs \`${name}\``);
  return String(value);
}

function optionalText(settings: Record<string, unknown>, name: string): string | null {
  const value = settings[name];
  return value === undefined || value === null ? null : String(value);
}

function optionalInputColumns(settings: Record<string, unknown>, name: string): InputColumns | null {
  const value = settings[name];
  if (value === undefined || value === null) return null;
  const parsed = InputColumns.safeParse(value);
  if (!parsed.success)
    throw new TriadError('invalid_input', `\`${name}\` must be ${INPUT_COLUMNS_SHAPE}, not ${JSON.stringify(value)}`);
  return parsed.data;
}

function number(settings: Record<string, unknown>, name: string, fallback: number): number {
  const value = settings[name] ?? fallback;
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(parsed))
    throw new TriadError('invalid_input', `\`${name}\` must be a number, not ${String(value)}`);
  return parsed;
}

/** A model as a file predictTable and evaluation read: a training run's model file, or a registry reference. */
function modelSource(context: StepContext, model: string): string {
  const run = RUN_MODEL.exec(model);
  if (!run) return model;
  const artifact = getRun(context.db, run[1] as string).artifacts.find((entry) => entry.name === MODEL_FILE);
  if (!artifact) throw new TriadError('not_found', `run ${run[1]} made no model file`);
  return join(context.projectDir, artifact.artifact);
}

/** A step's outputs with the types its kind gives them. */
function typed(
  kind: Exclude<PipelineStep['kind'], 'command'>,
  values: Record<string, StepOutput['value']>,
): StepOutputs {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, { type: STEP_OUTPUTS[kind][name] ?? 'file', value }]),
  );
}

/** A step's result: its typed outputs, metrics and the files it made. */
function stepResult(
  kind: Exclude<PipelineStep['kind'], 'command'>,
  values: Record<string, StepOutput['value']>,
  metrics: Record<string, number | null>,
  artifacts: StepArtifact[] = [],
): StepResult {
  return { outputs: typed(kind, values), metrics, artifacts, snapshot: null };
}

function checkCancelled(context: StepContext): void {
  if (context.signal.aborted) throw new TriadError('cancelled', 'the step was cancelled');
}

async function sqlStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const sql = text(request.settings, 'sql');
  const table = text(request.settings, 'table');
  prepareUserQuery(context.db, sql);
  const rows = replaceTableFromQuery(context.db, table, sql);
  context.log(`wrote ${rows} rows to ${table}`);
  return stepResult('sql', { table }, { rows });
}

async function splitStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const source = text(request.settings, 'table');
  const fraction = number(request.settings, 'test_fraction', Number.NaN);
  if (!(fraction > 0 && fraction < 1))
    throw new TriadError('invalid_input', `test_fraction must be between 0 and 1, not ${fraction}`);
  const byTime = request.settings.by === 'time';
  const timeColumn = optionalText(request.settings, 'time_column');
  if (byTime && timeColumn === null) throw new TriadError('invalid_input', 'a split by time needs `time_column`');
  const rowids = (
    context.db
      .prepare(
        `SELECT rowid AS id FROM ${quoteIdentifier(source)} ORDER BY ${byTime ? `${quoteIdentifier(timeColumn as string)}, rowid` : 'rowid'}`,
      )
      .all() as { id: number }[]
  ).map((row) => row.id);
  if (rowids.length < 2) throw new TriadError('invalid_input', `table ${source} has too few rows to split`);
  let train: number[];
  let test: number[];
  if (byTime) {
    const cut = rowids.length - Math.max(1, Math.round(rowids.length * fraction));
    train = rowids.slice(0, cut);
    test = rowids.slice(cut);
  } else {
    const split = splitRows(rowids.length, fraction, number(request.settings, 'seed', 0));
    train = split.train.map((index) => rowids[index] as number);
    test = split.validation.map((index) => rowids[index] as number);
  }
  const names = {
    train: `${request.pipeline}_${request.step}_train`,
    test: `${request.pipeline}_${request.step}_test`,
  };
  replaceTableWithRows(context.db, names.train, source, train);
  replaceTableWithRows(context.db, names.test, source, test);
  context.log(`${train.length} rows to ${names.train}, ${test.length} rows to ${names.test}`);
  return stepResult('split', names, { train_rows: train.length, test_rows: test.length });
}

async function trainStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const settings = request.settings;
  const params = (settings.params ?? {}) as Record<string, string | number | boolean>;
  const trained = trainModelFromTable(
    context.db,
    context.projectDir,
    {
      table: text(settings, 'table'),
      label: optionalText(settings, 'label'),
      algorithm: text(settings, 'algo') as Algorithm,
      params: Object.fromEntries(
        Object.entries(params).map(([name, value]) => [name, typeof value === 'boolean' ? Number(value) : value]),
      ),
      features: null,
      validTable: optionalText(settings, 'valid_table'),
      validFraction: 0,
      seed: number(settings, 'seed', 0),
      register: null,
      out: null,
    },
    {
      jobId: context.jobId,
      onIteration: () => {
        checkCancelled(context);
        return true;
      },
    },
  );
  context.log(`trained ${trained.card.algorithm} on ${trained.card.trainingRows ?? 0} rows (run ${trained.runId})`);
  const artifacts = getRun(context.db, trained.runId).artifacts.map((entry) =>
    describeArtifact(context.projectDir, entry.name, entry.artifact),
  );
  return stepResult(
    'train',
    { model: `run:${trained.runId}`, metrics: trained.card.metrics },
    trained.card.metrics,
    artifacts,
  );
}

async function evaluateStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const table = text(request.settings, 'table');
  const metrics = await evaluateModelFile(
    context.db,
    context.projectDir,
    modelSource(context, text(request.settings, 'model')),
    table,
  );
  const gates = (request.settings.gates ?? {}) as Record<string, { min?: unknown; max?: unknown }>;
  const missed: string[] = [];
  for (const [metric, gate] of Object.entries(gates)) {
    const value = metrics[metric];
    if (value === undefined || value === null) {
      missed.push(`${metric} is not a metric of this model (its metrics: ${Object.keys(metrics).join(', ')})`);
      continue;
    }
    if (gate.min !== undefined && value < Number(gate.min))
      missed.push(`${metric} ${value.toFixed(4)} is below its gate min ${gate.min}`);
    if (gate.max !== undefined && value > Number(gate.max))
      missed.push(`${metric} ${value.toFixed(4)} is above its gate max ${gate.max}`);
  }
  const summary = Object.entries(metrics)
    .map(([name, value]) => `${name} ${value === null ? '—' : value.toFixed(4)}`)
    .join(', ');
  context.log(`on ${table}: ${summary}`);
  if (missed.length > 0) throw new TriadError('invalid_input', `gate missed: ${missed.join('; ')}`);
  const kept = storeArtifact(context.projectDir, 'metrics', 'json', new TextEncoder().encode(JSON.stringify(metrics)));
  return stepResult('evaluate', { metrics }, metrics, [
    describeArtifact(context.projectDir, 'metrics.json', kept.artifact),
  ]);
}

async function registerStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const model = text(request.settings, 'model');
  const name = text(request.settings, 'name');
  const run = RUN_MODEL.exec(model);
  if (!run && !model.toLowerCase().endsWith('.onnx'))
    throw new TriadError('invalid_input', `register takes a train or command step's model, not ${model}`);
  if (run && ['training_table', 'input_columns', 'matrix_input'].some((name) => request.settings[name] !== undefined))
    throw new TriadError(
      'invalid_input',
      "a train step's model records the data it learnt from itself: training_table, input_columns and matrix_input are for a command step's model",
    );
  const version = run
    ? registerRunModel(context.db, context.projectDir, run[1] as string, name)
    : await importModelFile(context.db, context.projectDir, {
        file: model,
        name,
        description: `made by step ${request.step} of pipeline ${request.pipeline} (run ${request.runId})`,
        trainingTable: optionalText(request.settings, 'training_table'),
        inputColumns: optionalInputColumns(request.settings, 'input_columns'),
        matrixInput: optionalText(request.settings, 'matrix_input'),
      });
  const alias = optionalText(request.settings, 'alias');
  if (alias !== null) setModelAlias(context.db, name, alias, version.version);
  context.log(`registered ${name} version ${version.version}${alias === null ? '' : ` as ${name}@${alias}`}`);
  return stepResult('register', { model: `${name}:${version.version}` }, {}, [
    { name: 'model.onnx', sha256: version.contentHash, bytes: version.bytes, path: version.artifact },
  ]);
}

async function predictStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const into = text(request.settings, 'into');
  const predicted = await predictTable(context.db, context.projectDir, {
    model: modelSource(context, text(request.settings, 'model')),
    table: text(request.settings, 'table'),
    out: null,
    into,
  });
  context.log(`scored ${predicted.rows} rows of ${predicted.table} into ${into}`);
  return stepResult('predict', { table: into }, { rows: predicted.rows });
}

async function ingestStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const file = text(request.settings, 'file');
  const table = text(request.settings, 'table');
  const imported = await importFile(
    join(context.projectDir, DATABASE_FILE),
    {
      file: isAbsolute(file) ? file : resolve(context.projectDir, file),
      table,
      mode: request.settings.mode === 'append' ? 'append' : 'replace',
      stagingOwner: context.jobId,
    },
    { signal: context.signal },
  );
  context.log(`${imported.rowsImported} rows imported into ${table}, ${imported.rowsQuarantined} quarantined`);
  return stepResult('ingest', { table }, { rows: imported.rowsImported, quarantined: imported.rowsQuarantined });
}

async function trainingSetStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const table = text(request.settings, 'table');
  const record = await buildTrainingSetWithSnapshot(context.db, context.projectDir, {
    service: text(request.settings, 'service'),
    entityTable: text(request.settings, 'entities'),
    timestampColumn: null,
    table,
  });
  for (const warning of record.warnings) context.log(warning);
  context.log(`built ${table}: ${record.rows} rows`);
  return {
    ...stepResult('training_set', { table }, { rows: record.rows }, [
      describeArtifact(context.projectDir, `${table}.parquet`, record.artifact),
    ]),
    snapshot: {
      id: record.id,
      table,
      service: record.service,
      featureViews: featureViewVersions(context.db, record.featureViews),
      entityTable: record.entityTable,
      rows: record.rows,
      contentHash: record.contentHash,
    },
  };
}

async function materializeStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  const views = (request.settings.views as string[] | undefined) ?? null;
  const records = materializeViews(context.db, { views, startMs: null, endMs: Date.now() }, undefined, context.jobId);
  for (const record of records) context.log(`materialized ${record.view}: ${record.rowsWritten} rows`);
  return stepResult('materialize', {}, { views: records.length });
}

function commandStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  return runCommandStep(
    request.pipeline,
    request.runId,
    request.step,
    request.settings as unknown as CommandStepSettings,
    request.params,
    { ...context, modelFile: (model) => modelSource(context, model) },
  );
}

const EXECUTORS: Record<PipelineStep['kind'], (request: StepRequest, context: StepContext) => Promise<StepResult>> = {
  ingest: ingestStep,
  sql: sqlStep,
  materialize: materializeStep,
  training_set: trainingSetStep,
  split: splitStep,
  train: trainStep,
  evaluate: evaluateStep,
  register: registerStep,
  predict: predictStep,
  command: commandStep,
};

/** Runs one step in the calling thread (a job of the worker pool). */
export function executeStep(request: StepRequest, context: StepContext): Promise<StepResult> {
  return EXECUTORS[request.kind](request, context);
}
