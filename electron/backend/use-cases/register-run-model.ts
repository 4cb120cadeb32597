import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelCard, ModelVersion } from '../../../shared/contract/schemas.js';
import { registerModelVersion } from '../models/model-registry.js';
import { readOnnxSignature } from '../models/onnx/onnx-signature.js';
import { getRun, MODEL_CARD_FILE, MODEL_FILE } from '../models/training-runs.js';

/** Registers the model a training run made, with its card, as a new version of `name`. */
export function registerRunModel(db: Database.Database, projectDir: string, runId: string, name: string): ModelVersion {
  const run = getRun(db, runId);
  const file = run.artifacts.find((artifact) => artifact.name === MODEL_FILE);
  const card = run.artifacts.find((artifact) => artifact.name === MODEL_CARD_FILE);
  if (!file || !card) throw new TriadError('invalid_input', `run ${runId} made no model to register`);
  const bytes = new Uint8Array(readFileSync(join(projectDir, file.artifact)));
  const modelCard = JSON.parse(readFileSync(join(projectDir, card.artifact), 'utf8')) as ModelCard;
  return registerModelVersion(db, projectDir, {
    name,
    bytes,
    signature: readOnnxSignature(bytes, MODEL_FILE),
    card: modelCard,
    runId,
    trainingSetId: modelCard.trainingSetId,
  });
}
