import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelVersion } from '../../../shared/contract/schemas.js';
import { registerModelVersion } from '../models/model-registry.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { getRun, MODEL_FILE, readRunCard } from '../models/training-runs.js';

/** Registers the model a training run made, with its card, as a new version of `name`. */
export function registerRunModel(db: Database.Database, projectDir: string, runId: string, name: string): ModelVersion {
  const run = getRun(db, runId);
  const file = run.artifacts.find((artifact) => artifact.name === MODEL_FILE);
  if (!file) throw new TriadError('invalid_input', `run ${runId} made no model to register`);
  const bytes = new Uint8Array(readFileSync(join(projectDir, file.artifact)));
  const modelCard = readRunCard(projectDir, run);
  return registerModelVersion(db, projectDir, {
    name,
    bytes,
    signature: readOnnxSignature(bytes, MODEL_FILE),
    card: modelCard,
    runId,
    trainingSetId: modelCard.trainingSetId,
  });
}
