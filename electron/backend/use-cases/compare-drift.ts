import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { parquetReadObjects } from 'hyparquet';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelVersion } from '../../../shared/contract/schemas.js';
import type { DriftReport, FeatureDriftResult } from '../../../shared/contract/serving.js';
import { datasetDrift } from '../drift/dataset-drift.js';
import type { DriftHistogram } from '../drift/display-histogram.js';
import { type FeatureDrift, featureDrift } from '../drift/feature-drift.js';
import type { FeatureValue } from '../drift/feature-samples.js';
import { findTrainingSet, trainingSetOfTable } from '../features/training-set-records.js';
import { parquetCompressors } from '../ingest/sources/parquet-compressors.js';
import { loggedInputColumns, matrixColumnKey } from '../model-server/prediction-log-queries.js';
import { openPredictionLogForReading } from '../model-server/prediction-log-store.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { readTableFrame } from '../models/read-frame.js';

/** A feature drift is judged on, and the statistics its values take. */
export interface DriftInput {
  /** The training data's column, and the input of that name unless `column` says otherwise. */
  name: string;
  kind: 'numeric' | 'categorical';
  /** Where the values are in an input with many values per row: its `index`th of `width` per row. */
  column?: { input: string; index: number; width: number };
}

/** One version's live window to compare with its training data: what a drift check job is given. */
export interface DriftComparison {
  model: string;
  version: number;
  inputs: DriftInput[];
  fromMs: number;
  toMs: number;
  windowMinutes: number;
}

/** A drift report before it is kept. */
export type ComparedDrift = Omit<DriftReport, 'id'>;

interface Reference {
  source: string;
  columns: Map<string, readonly unknown[]>;
}

const compact = (value: number) => Number(value.toPrecision(4)).toString();

/** A pair of histograms as the report shows them: bin labels, and each sample's share per bin. */
function sharedHistogram(reference: DriftHistogram, live: DriftHistogram): FeatureDriftResult['histogram'] {
  const shares = (histogram: DriftHistogram) => {
    const counts = histogram.kind === 'numeric' ? histogram.counts : [...histogram.counts, histogram.otherCount];
    const total = counts.reduce((sum, count) => sum + count, 0) || 1;
    return counts.map((count) => count / total);
  };
  const labels =
    reference.kind === 'numeric'
      ? reference.counts.map(
          (_, index) =>
            `${compact(reference.edges[index] as number)} – ${compact(reference.edges[index + 1] as number)}`,
        )
      : [...reference.categories, 'other'];
  return { labels, reference: shares(reference), live: shares(live) };
}

/** A stored value as the drift statistics take it: numbers (64-bit integers, times and booleans too) or text. */
function featureValue(value: unknown): FeatureValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  return String(value);
}

function reported(drift: FeatureDrift): FeatureDriftResult {
  return {
    feature: drift.feature,
    kind: drift.kind,
    method: drift.method,
    score: drift.score,
    threshold: drift.threshold,
    drifted: drift.drifted,
    psi: Number.isFinite(drift.psi) ? drift.psi : null,
    referenceRows: drift.referenceRows,
    liveRows: drift.liveRows,
    histogram: sharedHistogram(drift.referenceHistogram, drift.liveHistogram),
  };
}

/** The refusal when the window holds no logged inputs of the version. */
export function noLiveInputs({ model, version, windowMinutes }: Omit<DriftComparison, 'inputs' | 'fromMs' | 'toMs'>) {
  return new TriadError(
    'not_found',
    `no predictions of ${model} version ${version} were logged in the last ${windowMinutes} minutes: serve it and send requests first`,
  );
}

/** Refuses a version with no training data on record: neither a training-set snapshot nor a table. */
export function assertTrainingDataOnRecord(version: ModelVersion): void {
  const { trainingSetId, trainingTable } = version.card;
  if (trainingSetId || trainingTable) return;
  throw new TriadError(
    'invalid_input',
    `${version.name} version ${version.version} has no training data on record (it was imported): drift needs the data it learnt from, so register the file again naming the table it was trained on`,
  );
}

/**
 * The snapshot a version learnt from: its own, or for a version brought from another project
 * (whose card names that project's snapshot), the snapshot the bundle saved under the same table.
 */
function trainingSnapshot(db: Database.Database, version: ModelVersion) {
  const { trainingSetId, trainingTable } = version.card;
  if (!trainingSetId) return null;
  const own = findTrainingSet(db, trainingSetId);
  if (own) return { record: own, note: '' };
  const sameTable = trainingTable ? trainingSetOfTable(db, trainingTable) : null;
  return sameTable ? { record: sameTable, note: ', found by its table: the version came from another project' } : null;
}

/** The rows the version learnt from: its training-set snapshot, else the table it was trained on as it is now. */
async function referenceData(
  db: Database.Database,
  projectDir: string,
  version: ModelVersion,
  names: string[],
): Promise<Reference> {
  assertTrainingDataOnRecord(version);
  const snapshot = trainingSnapshot(db, version);
  if (snapshot) {
    const { record, note } = snapshot;
    const bytes = readFileSync(join(projectDir, record.artifact));
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      columns: names,
      compressors: parquetCompressors,
    })) as Record<string, unknown>[];
    const columns = new Map(names.map((name) => [name, rows.map((row) => row[name] ?? null)]));
    return { source: `training set ${record.table} (snapshot ${record.contentHash.slice(0, 12)}${note})`, columns };
  }
  const table = version.card.trainingTable;
  if (!table)
    throw new TriadError(
      'not_found',
      `the training set ${version.name} version ${version.version} learnt from is not in this project (the version came from another project), and no table is on record`,
    );
  const frame = readTableFrame(db, table, names);
  if (frame.length === 0)
    throw new TriadError(
      'not_found',
      `table ${table}, which the model was trained on, has none of its inputs any more`,
    );
  return {
    source: `table ${table} (as it is now: ${version.card.trainingSetId ? 'its training-set snapshot is not in this project' : 'the model has no training-set snapshot'})`,
    columns: new Map(frame.map((column) => [column.name, column.values])),
  };
}

/** The version's live inputs in the window, read on a connection of this thread's own. */
function liveInputs(projectDir: string, comparison: DriftComparison): Map<string, unknown[]> {
  const matrixWidths = new Map(
    comparison.inputs.flatMap(({ column }) => (column ? [[column.input, column.width] as const] : [])),
  );
  const log = openPredictionLogForReading(projectDir);
  try {
    return loggedInputColumns(
      log,
      comparison.model,
      comparison.version,
      comparison.fromMs,
      comparison.toMs,
      matrixWidths,
    );
  } finally {
    log.close();
  }
}

const longest = (columns: Iterable<readonly unknown[]>) => Math.max(0, ...[...columns].map((column) => column.length));

/**
 * Compares the live inputs a version received in the window with the data it was trained on,
 * feature by feature: the reading and the statistics of a drift check, which run as a job.
 */
export async function compareDrift(
  db: Database.Database,
  projectDir: string,
  comparison: DriftComparison,
): Promise<ComparedDrift> {
  const { model, inputs, fromMs, toMs } = comparison;
  const live = liveInputs(projectDir, comparison);
  const liveRows = longest(live.values());
  if (liveRows === 0) throw noLiveInputs(comparison);
  const version = resolveModelVersion(db, { name: model, version: comparison.version });
  const reference = await referenceData(
    db,
    projectDir,
    version,
    inputs.map((input) => input.name),
  );
  const features: FeatureDrift[] = [];
  for (const input of inputs) {
    const referenceValues = reference.columns.get(input.name);
    const liveValues = live.get(input.column ? matrixColumnKey(input.column.input, input.column.index) : input.name);
    if (!referenceValues || !liveValues) continue;
    features.push(
      featureDrift({
        feature: input.name,
        kind: input.kind,
        reference: referenceValues.map(featureValue),
        live: liveValues.map(featureValue),
      }),
    );
  }
  const summary = datasetDrift(features);
  return {
    model,
    version: comparison.version,
    computedAt: new Date(toMs).toISOString(),
    windowFrom: new Date(fromMs).toISOString(),
    windowTo: new Date(toMs).toISOString(),
    referenceSource: reference.source,
    referenceRows: longest(reference.columns.values()),
    liveRows,
    driftedFeatures: summary.driftedCount,
    driftShare: summary.driftedShare,
    datasetDrift: summary.datasetDrift,
    features: summary.features.map(reported),
  };
}
