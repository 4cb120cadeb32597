import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelCard, ModelVersion } from '../../../shared/contract/schemas.js';
import { assertModelName } from '../models/model-reference.js';
import { registerModelVersion } from '../models/model-registry.js';
import { assertOnnxRuntimeLoads } from '../models/onnx/load-check.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { type TrainingColumnsRequest, trainingColumns } from '../models/training-columns.js';

/** Model files larger than this are refused (onnxruntime holds the whole file in memory). */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;

export interface ImportModelRequest extends Partial<TrainingColumnsRequest> {
  file: string;
  name: string;
  description: string;
}

/** What the registry knows of a model made elsewhere: its inputs and, when the file says, its classes. */
export function importedCard(metadata: Record<string, string>, inputs: string[]): ModelCard {
  return {
    algorithm: metadata['triad.algorithm'] ?? 'imported',
    task: 'unknown',
    parameters: {},
    metrics: {},
    trainMetrics: {},
    confusion: null,
    rocCurve: [],
    prCurve: [],
    importances: [],
    history: [],
    classes: null,
    features: inputs,
    label: metadata['triad.label'] ?? null,
    trainingTable: null,
    trainingSetId: null,
    featureService: null,
    trainingDataHash: metadata['triad.training_data_hash'] ?? null,
    trainingRows: null,
    validationRows: null,
  };
}

/**
 * Registers an ONNX file made anywhere (scikit-learn through skl2onnx, XGBoost, PyTorch…) as a
 * new version: refused, with nothing stored, when it is not ONNX, is damaged, or onnxruntime
 * cannot load it, or when the training table named does not hold its inputs.
 */
export async function importModelFile(
  db: Database.Database,
  projectDir: string,
  request: ImportModelRequest,
): Promise<ModelVersion> {
  assertModelName(request.name);
  const name = basename(request.file);
  let size: number;
  try {
    size = statSync(request.file).size;
  } catch (error) {
    throw new TriadError(
      'not_found',
      `cannot read ${request.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`,
    );
  }
  if (size > MAX_MODEL_BYTES)
    throw new TriadError('invalid_input', `${name} is ${size} bytes, more than the ${MAX_MODEL_BYTES} a model may be`);
  const bytes = new Uint8Array(readFileSync(request.file));
  const signature = readOnnxSignature(bytes, name);
  const trainedOn = trainingColumns(db, signature, {
    trainingTable: request.trainingTable ?? null,
    inputColumns: request.inputColumns ?? null,
    matrixInput: request.matrixInput ?? null,
  });
  await assertOnnxRuntimeLoads(bytes, name);
  return registerModelVersion(db, projectDir, {
    name: request.name,
    bytes,
    signature,
    card: {
      ...importedCard(
        signature.metadata,
        signature.inputs.map((input) => input.name),
      ),
      ...trainedOn,
    },
    runId: null,
    description: request.description,
    tags: { source: name },
  });
}
