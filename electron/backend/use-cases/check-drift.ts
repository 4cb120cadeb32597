import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelVersion } from '../../../shared/contract/schemas.js';
import type { DriftReport } from '../../../shared/contract/serving.js';
import type { Project } from '../db/project.js';
import { saveDriftReport } from '../model-server/drift-report-store.js';
import type { PredictionLogConnection } from '../model-server/prediction-log-connection.js';
import { loggedInputsBetween } from '../model-server/prediction-log-queries.js';
import { parseModelReference } from '../models/model-reference.js';
import { resolveModelVersion } from '../models/model-registry.js';
import { takesOneValuePerRow } from '../models/training-columns.js';
import {
  assertTrainingDataOnRecord,
  type ComparedDrift,
  type DriftComparison,
  type DriftInput,
  noLiveInputs,
} from './compare-drift.js';

export interface DriftRequest {
  model: string;
  windowMinutes: number;
}

/** Runs compareDrift: as a job on the worker pool in the app and the command line, so the training data is read off the main thread. */
export type CompareDrift = (comparison: DriftComparison) => Promise<ComparedDrift>;

/**
 * The features drift is judged on: each input with one value per row ([-1, 1] or [-1]), and each
 * column of an input with many values per row whose columns the card names.
 */
function driftInputs(version: ModelVersion): DriftInput[] {
  const inputColumns = version.card.inputColumns ?? {};
  return version.signature.inputs.flatMap((input): DriftInput[] => {
    const kind = input.datatype === 'BYTES' ? 'categorical' : 'numeric';
    if (takesOneValuePerRow(input)) return [{ name: input.name, kind }];
    const columns = inputColumns[input.name] ?? [];
    return columns.map((column, index) => ({
      name: column,
      kind,
      column: { input: input.name, index, width: columns.length },
    }));
  });
}

/**
 * Compares the live inputs a version received in the window with the data it was trained on,
 * feature by feature, and keeps the report (the alert history). What can be refused at once is
 * refused here, with its reason; `compare` does the reading and the statistics.
 */
export async function checkDrift(
  project: Project,
  predictionLog: PredictionLogConnection,
  request: DriftRequest,
  compare: CompareDrift,
  now = Date.now(),
): Promise<DriftReport> {
  const version = resolveModelVersion(project.db, parseModelReference(request.model));
  const inputs = driftInputs(version);
  if (inputs.length === 0)
    throw new TriadError(
      'invalid_input',
      `${version.name} version ${version.version} takes no input with one value per row and no training table columns are named for its inputs, so there is no feature to compare: register it again naming the table it was trained on and the columns its input takes`,
    );
  const fromMs = now - request.windowMinutes * 60_000;
  if (!predictionLog.use((db) => loggedInputsBetween(db, version.name, version.version, fromMs, now)))
    throw noLiveInputs({ model: version.name, version: version.version, windowMinutes: request.windowMinutes });
  // Refused before the comparison starts, as the call's own error rather than a failed job's.
  assertTrainingDataOnRecord(version);
  const compared = await compare({
    model: version.name,
    version: version.version,
    inputs,
    fromMs,
    toMs: now,
    windowMinutes: request.windowMinutes,
  });
  return predictionLog.use((db) => saveDriftReport(db, compared));
}
