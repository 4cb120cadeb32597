import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelCard, TrainingRun } from '../../../shared/contract/schemas.js';

/** The names a training run gives its model file and model card among its artifacts. */
export const MODEL_FILE = 'model.onnx';
export const MODEL_CARD_FILE = 'model-card.json';

interface RunRow {
  id: string;
  kind: string;
  name: string;
  status: TrainingRun['status'];
  params: string;
  metrics: string;
  artifacts: string;
  job_id: string | null;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

function toRun(row: RunRow): TrainingRun {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    params: JSON.parse(row.params) as Record<string, unknown>,
    metrics: JSON.parse(row.metrics) as Record<string, number | null>,
    artifacts: JSON.parse(row.artifacts) as TrainingRun['artifacts'],
    jobId: row.job_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

/** Records a finished run (what a user later finds in the runs list and a model card links to). */
export function recordRun(db: Database.Database, run: Omit<TrainingRun, 'error'>): TrainingRun {
  db.prepare(
    `INSERT INTO triad_runs (id, kind, name, status, params, metrics, artifacts, job_id, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    run.id,
    run.kind,
    run.name,
    run.status,
    JSON.stringify(run.params),
    JSON.stringify(run.metrics),
    JSON.stringify(run.artifacts),
    run.jobId,
    run.startedAt,
    run.finishedAt,
  );
  return getRun(db, run.id);
}

export function getRun(db: Database.Database, id: string): TrainingRun {
  const row = db.prepare('SELECT * FROM triad_runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row) throw new TriadError('not_found', `there is no run ${id}`);
  return toRun(row);
}

/** Runs, newest first. */
export function listRuns(db: Database.Database, limit = 100): TrainingRun[] {
  return (db.prepare('SELECT * FROM triad_runs ORDER BY started_at DESC LIMIT ?').all(limit) as RunRow[]).map(toRun);
}

/** The model card a run wrote, read from its artifact. */
export function readRunCard(projectDir: string, run: TrainingRun): ModelCard {
  const card = run.artifacts.find((artifact) => artifact.name === MODEL_CARD_FILE);
  if (!card)
    throw new TriadError(
      'not_found',
      `run ${run.id} made no model card${run.status === 'failed' ? ': it failed' : ''}`,
    );
  try {
    return JSON.parse(readFileSync(join(projectDir, card.artifact), 'utf8')) as ModelCard;
  } catch (error) {
    throw new TriadError('not_found', `the model card of run ${run.id} cannot be read: ${(error as Error).message}`);
  }
}
