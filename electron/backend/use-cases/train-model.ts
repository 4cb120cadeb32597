import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { TrainResult } from '../../../shared/contract/jobs.js';
import type { ModelCard } from '../../../shared/contract/schemas.js';
import {
  type Algorithm,
  iterationLimit,
  iterationUnit,
  needsLabel,
  resolveParameters,
} from '../../../shared/model-algorithms.js';
import { APP_VERSION } from '../app-version.js';
import { storeArtifact } from '../db/artifacts.js';
import { catalogColumns } from '../db/table-catalog.js';
import { trainingSetOfTable } from '../features/training-set-records.js';
import { evaluateModel } from '../models/evaluate-model.js';
import { frameRows, splitRows } from '../models/frame-rows.js';
import { assertModelName } from '../models/model-reference.js';
import { registerModelVersion } from '../models/model-registry.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { assertWritableFile } from '../models/output-file.js';
import type { FrameColumn } from '../models/preprocessing.js';
import { readTableFrame } from '../models/read-frame.js';
import { trainModel } from '../models/trainers.js';
import { trainingDataHash as hashTrainingData } from '../models/training-data-hash.js';
import { MODEL_CARD_FILE, MODEL_FILE, recordRun } from '../models/training-runs.js';

export interface TrainRequest {
  table: string;
  /** The column to predict; null for clustering. */
  label: string | null;
  algorithm: Algorithm;
  params: Record<string, string | number>;
  /** The feature columns; null for every column but the label (JSON and binary ones left out). */
  features: string[] | null;
  /** Validate on this table; null to hold out `validFraction` of the rows at random (by `seed`). */
  validTable: string | null;
  validFraction: number;
  seed: number;
  /** Register the model under this name. */
  register: string | null;
  /** Also write the ONNX file here. */
  out: string | null;
}

export interface TrainHooks {
  jobId?: string;
  /** After each iteration (each restart of k-means) with its loss (inertia); return false to stop. */
  onIteration?(
    done: number,
    loss: number,
    total: number,
    unit: 'iterations' | 'restarts' | 'rounds',
    heldOut: number | null,
  ): boolean | undefined;
}

function pickColumn<Column extends { name: string }>(columns: readonly Column[], name: string, table: string): Column {
  const column = columns.find((candidate) => candidate.name === name);
  if (!column)
    throw new TriadError(
      'invalid_input',
      `table ${table} has no column ${name} (its columns: ${columns.map((candidate) => candidate.name).join(', ')})`,
    );
  return column;
}

function chooseFeatures(
  columns: readonly Pick<FrameColumn, 'name' | 'type'>[],
  request: TrainRequest,
): { features: string[]; skipped: string[] } {
  if (request.features !== null) {
    for (const name of request.features) pickColumn(columns, name, request.table);
    if (request.label !== null && request.features.includes(request.label))
      throw new TriadError('invalid_input', `the label ${request.label} cannot also be a feature`);
    return { features: request.features, skipped: [] };
  }
  const skipped: string[] = [];
  const features = columns.flatMap((column) => {
    if (column.name === request.label) return [];
    if (column.type === 'json' || column.type === 'binary') {
      skipped.push(`${column.name} (${column.type} values cannot be a feature)`);
      return [];
    }
    return [column.name];
  });
  return { features, skipped };
}

/** SHA-256 of the rows trained on, column by column, so the card says exactly which data made the model. */
/**
 * Trains a model on a table (or training set) of the project, evaluates it on held-out rows,
 * keeps its ONNX file, records the run and, when asked, registers a version and writes a copy.
 * The train job (the app's and `triad train`'s) runs it.
 */
export function trainModelFromTable(
  db: Database.Database,
  projectDir: string,
  request: TrainRequest,
  hooks: TrainHooks = {},
): TrainResult {
  const startedAt = new Date().toISOString();
  if (request.register !== null) assertModelName(request.register);
  if (request.out) assertWritableFile(request.out, '--out');
  const parameters = resolveParameters(request.algorithm, request.params);
  if (needsLabel(request.algorithm) && request.label === null)
    throw new TriadError('invalid_input', `${request.algorithm} learns to predict a label: name the label column`);
  const catalog = catalogColumns(db, request.table);
  if (request.label !== null) pickColumn(catalog, request.label, request.table);
  const { features, skipped } = chooseFeatures(catalog, request);
  if (features.length === 0)
    throw new TriadError('invalid_input', `table ${request.table} has no column to use as a feature`);
  const used = request.label === null ? features : [...features, request.label];
  // Only the columns trained on are read: a wide table costs no more than its used columns.
  const columns = readTableFrame(db, request.table, used);
  const label = request.label === null ? null : pickColumn(columns, request.label, request.table);
  const featureColumns = features.map((name) => pickColumn(columns, name, request.table));

  let train: { features: FrameColumn[]; label: FrameColumn | null } = { features: featureColumns, label };
  let validation: typeof train | null = null;
  if (request.validTable !== null) {
    const validCatalog = catalogColumns(db, request.validTable);
    for (const name of used) pickColumn(validCatalog, name, request.validTable);
    const validColumns = readTableFrame(db, request.validTable, used);
    validation = {
      features: features.map((name) => pickColumn(validColumns, name, request.validTable as string)),
      label: request.label === null ? null : pickColumn(validColumns, request.label, request.validTable),
    };
  } else if (request.validFraction > 0) {
    const rowCount = (featureColumns[0] as FrameColumn).values.length;
    const split = splitRows(rowCount, request.validFraction, request.seed);
    validation = {
      features: frameRows(featureColumns, split.validation),
      label: label === null ? null : (frameRows([label], split.validation)[0] as FrameColumn),
    };
    train = {
      features: frameRows(featureColumns, split.train),
      label: label === null ? null : (frameRows([label], split.train)[0] as FrameColumn),
    };
  }

  const history: ModelCard['history'] = [];
  const total = iterationLimit(request.algorithm, parameters);
  const unit = iterationUnit(request.algorithm);
  const heldOut =
    validation && validation.label !== null ? { features: validation.features, label: validation.label } : undefined;
  const model = trainModel(
    request.algorithm,
    train.features,
    train.label,
    parameters,
    request.seed,
    (iteration, loss, heldOutLoss) => {
      history.push({ iteration, value: loss, validation: heldOutLoss });
      return hooks.onIteration?.(iteration, loss, total, unit, heldOutLoss);
    },
    heldOut,
  );
  const trained = evaluateModel(model, train.features, train.label);
  const held = validation ? evaluateModel(model, validation.features, validation.label) : trained;
  const trainingSet = trainingSetOfTable(db, request.table);
  const trainingDataHash =
    trainingSet?.contentHash ??
    hashTrainingData(train.label === null ? train.features : [...train.features, train.label]);
  const runId = randomUUID();
  const card: ModelCard = {
    algorithm: request.algorithm,
    task: model.task,
    parameters,
    metrics: held.metrics,
    trainMetrics: trained.metrics,
    confusion: held.confusion,
    rocCurve: held.rocCurve,
    prCurve: held.prCurve,
    importances: model.importances,
    history,
    classes: model.classes?.values ?? null,
    features: model.inputs,
    label: request.label,
    trainingTable: request.table,
    trainingSetId: trainingSet?.id ?? null,
    featureService: trainingSet?.service ?? null,
    trainingDataHash,
    trainingRows: (train.features[0] as FrameColumn).values.length,
    validationRows: validation ? (validation.features[0] as FrameColumn).values.length : null,
  };
  const bytes = model.toOnnx({
    producerVersion: APP_VERSION,
    properties: {
      'triad.training_data_hash': trainingDataHash,
      'triad.training_table': request.table,
      ...(request.label === null ? {} : { 'triad.label': request.label }),
    },
  });
  const stored = storeArtifact(projectDir, 'models', 'onnx', bytes);
  const storedCard = storeArtifact(projectDir, 'model-cards', 'json', new TextEncoder().encode(JSON.stringify(card)));
  recordRun(db, {
    id: runId,
    kind: 'train',
    name: `${request.algorithm} on ${request.table}`,
    status: 'succeeded',
    params: { ...parameters, algorithm: request.algorithm, table: request.table, label: request.label, features },
    metrics: held.metrics,
    artifacts: [
      { name: MODEL_FILE, artifact: stored.artifact },
      { name: MODEL_CARD_FILE, artifact: storedCard.artifact },
    ],
    jobId: hooks.jobId ?? null,
    startedAt,
    finishedAt: new Date().toISOString(),
  });
  const registered = request.register
    ? registerModelVersion(db, projectDir, {
        name: request.register,
        bytes,
        signature: readOnnxSignature(bytes, 'the trained model'),
        card,
        runId,
        trainingSetId: trainingSet?.id ?? null,
      })
    : null;
  if (request.out) writeFileSync(resolve(request.out), bytes);
  return {
    runId,
    artifact: stored.artifact,
    contentHash: stored.contentHash,
    card,
    iterations: model.iterations,
    converged: model.converged,
    registered: registered ? { name: registered.name, version: registered.version } : null,
    out: request.out ? resolve(request.out) : null,
    skipped,
  };
}
