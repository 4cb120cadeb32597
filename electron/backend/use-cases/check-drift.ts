import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelVersion } from '../../../shared/contract/schemas.js';
import type { DriftReport, FeatureDriftResult } from '../../../shared/contract/serving.js';
import type { Project } from '../db/project.js';
import { datasetDrift } from '../drift/dataset-drift.js';
import type { DriftHistogram } from '../drift/display-histogram.js';
import { type FeatureDrift, featureDrift } from '../drift/feature-drift.js';
import type { FeatureValue } from '../drift/feature-samples.js';
import { trainingSetById } from '../features/training-set-records.js';
import { parquetCompressors } from '../ingest/sources/parquet-compressors.js';
import { saveDriftReport } from '../model-server/drift-report-store.js';
import type { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { loggedInputColumns } from '../model-server/prediction-log-queries.js';
import { parseModelReference } from '../models/model-reference.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { readTableFrame } from '../models/read-frame.js';

export interface DriftRequest {
  model: string;
  windowMinutes: number;
}

interface Reference {
  source: string;
  columns: Map<string, readonly unknown[]>;
}

/** The inputs drift is judged on: one value per row (a [-1, 1] or [-1] input). */
function rowWiseInputs(version: ModelVersion): { name: string; kind: 'numeric' | 'categorical' }[] {
  return version.signature.inputs
    .filter(
      (input) => input.shape === null || input.shape.length === 1 || (input.shape.length === 2 && input.shape[1] === 1),
    )
    .map((input) => ({ name: input.name, kind: input.datatype === 'BYTES' ? 'categorical' : 'numeric' }));
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

/** The rows the version learnt from: its training-set snapshot, else the table it was trained on as it is now. */
async function referenceData(project: Project, version: ModelVersion, names: string[]): Promise<Reference> {
  const { trainingSetId, trainingTable } = version.card;
  if (trainingSetId) {
    const record = trainingSetById(project.db, trainingSetId);
    const bytes = readFileSync(join(project.path, record.artifact));
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      columns: names,
      compressors: parquetCompressors,
    })) as Record<string, unknown>[];
    const columns = new Map(names.map((name) => [name, rows.map((row) => row[name] ?? null)]));
    return { source: `training set ${record.table} (snapshot ${record.contentHash.slice(0, 12)})`, columns };
  }
  if (trainingTable) {
    const frame = readTableFrame(project.db, trainingTable, names);
    if (frame.length === 0)
      throw new TriadError(
        'not_found',
        `table ${trainingTable}, which the model was trained on, has none of its inputs any more`,
      );
    return {
      source: `table ${trainingTable} (as it is now: the model has no training-set snapshot)`,
      columns: new Map(frame.map((column) => [column.name, column.values])),
    };
  }
  throw new TriadError(
    'invalid_input',
    `${version.name} version ${version.version} has no training data on record (it was imported): drift needs the data it learnt from`,
  );
}

/**
 * Compares the live inputs a version received in the window with the data it was trained on,
 * feature by feature, and keeps the report (the alert history).
 */
export async function checkDrift(
  project: Project,
  predictionLog: PredictionLogConnection,
  request: DriftRequest,
  now = Date.now(),
): Promise<DriftReport> {
  const version = resolveModelVersion(project.db, parseModelReference(request.model));
  const inputs = rowWiseInputs(version);
  if (inputs.length === 0)
    throw new TriadError(
      'invalid_input',
      `${version.name} version ${version.version} takes no input with one value per row, so there is no feature to compare`,
    );
  const fromMs = now - request.windowMinutes * 60_000;
  const live = predictionLog.use((db) => loggedInputColumns(db, version.name, version.version, fromMs, now));
  const liveRows = Math.max(0, ...[...live.values()].map((column) => column.length));
  if (liveRows === 0)
    throw new TriadError(
      'not_found',
      `no predictions of ${version.name} version ${version.version} were logged in the last ${request.windowMinutes} minutes: serve it and send requests first`,
    );
  const reference = await referenceData(
    project,
    version,
    inputs.map((input) => input.name),
  );
  const features: FeatureDrift[] = [];
  for (const input of inputs) {
    const referenceValues = reference.columns.get(input.name);
    const liveValues = live.get(input.name);
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
  return predictionLog.use((db) =>
    saveDriftReport(db, {
      model: version.name,
      version: version.version,
      computedAt: new Date(now).toISOString(),
      windowFrom: new Date(fromMs).toISOString(),
      windowTo: new Date(now).toISOString(),
      referenceSource: reference.source,
      referenceRows: Math.max(0, ...[...reference.columns.values()].map((column) => column.length)),
      liveRows,
      driftedFeatures: summary.driftedCount,
      driftShare: summary.driftedShare,
      datasetDrift: summary.datasetDrift,
      features: summary.features.map(reported),
    }),
  );
}
