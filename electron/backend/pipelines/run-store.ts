import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type {
  PipelineRun,
  PipelineRunState,
  StepResult,
  StepRun,
  StepRunState,
} from '../../../shared/contract/pipeline-runs.js';
import { isProcessAlive } from '../db/process-liveness.js';
import { decodeStepRecord, encodeStepRecord } from './step-record.js';

interface RunRow {
  id: string;
  pipeline: string;
  file: string;
  definition: string;
  definition_hash: string;
  params: string;
  state: PipelineRunState;
  reason: string;
  resumed_from: string | null;
  owner_pid: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

interface StepRow {
  step: string;
  kind: string;
  state: StepRunState;
  attempts: number;
  cache_key: string | null;
  cached_from: string | null;
  job_id: string | null;
  outputs: string;
  metrics: string;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

function stepRun(row: StepRow): StepRun {
  return {
    step: row.step,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    cacheKey: row.cache_key,
    cachedFrom: row.cached_from,
    jobId: row.job_id,
    ...decodeStepRecord(row.kind, row.outputs),
    metrics: JSON.parse(row.metrics) as Record<string, number | null>,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

const now = () => new Date().toISOString();

export interface NewPipelineRun {
  id: string;
  pipeline: string;
  file: string;
  definition: string;
  definitionHash: string;
  params: PipelineRun['params'];
  reason: string;
  resumedFrom: string | null;
  /** The steps in the order they may run, with their kinds. */
  steps: { step: string; kind: string }[];
}

/** The versions a run's register steps added (a cached one added none). */
function registeredVersions(steps: readonly StepRun[]): string[] {
  return steps.flatMap((step) => {
    const model = step.outputs.model?.value;
    return step.kind === 'register' && step.state === 'succeeded' && typeof model === 'string' ? [model] : [];
  });
}

/** What a finished step leaves for the steps after it and for the run's record. */
export interface StepEnd extends Partial<StepResult> {
  state: Extract<StepRunState, 'succeeded' | 'cached' | 'failed' | 'cancelled' | 'skipped'>;
  cachedFrom?: string | null;
  error?: string | null;
}

/** The record of a project's pipeline runs and their steps (tables of schema version 13). */
export class PipelineRunStore {
  constructor(readonly db: Database.Database) {}

  create(run: NewPipelineRun): PipelineRun {
    const insertStep = this.db.prepare(
      `INSERT INTO triad_pipeline_steps (run_id, step, kind, position, state) VALUES (?, ?, ?, ?, 'pending')`,
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO triad_pipeline_runs
             (id, pipeline, file, definition, definition_hash, params, state, reason, resumed_from, owner_pid, started_at)
           VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
        )
        .run(
          run.id,
          run.pipeline,
          run.file,
          run.definition,
          run.definitionHash,
          JSON.stringify(run.params),
          run.reason,
          run.resumedFrom,
          process.pid,
          now(),
        );
      for (const [position, { step, kind }] of run.steps.entries()) insertStep.run(run.id, step, kind, position);
    })();
    return this.get(run.id);
  }

  stepStarted(runId: string, step: string, cacheKey: string | null, jobId: string | null): void {
    this.db
      .prepare(
        `UPDATE triad_pipeline_steps SET state = 'running', attempts = attempts + 1, cache_key = ?, job_id = ?,
           started_at = coalesce(started_at, ?), error = NULL
         WHERE run_id = ? AND step = ?`,
      )
      .run(cacheKey, jobId, now(), runId, step);
  }

  stepEnded(runId: string, step: string, cacheKey: string | null, end: StepEnd): void {
    this.db
      .prepare(
        `UPDATE triad_pipeline_steps SET state = ?, cache_key = coalesce(?, cache_key), outputs = ?, metrics = ?,
           cached_from = ?, error = ?, finished_at = ?
         WHERE run_id = ? AND step = ?`,
      )
      .run(
        end.state,
        cacheKey,
        encodeStepRecord({
          outputs: end.outputs ?? {},
          artifacts: end.artifacts ?? [],
          snapshot: end.snapshot ?? null,
        }),
        JSON.stringify(end.metrics ?? {}),
        end.cachedFrom ?? null,
        end.error ?? null,
        now(),
        runId,
        step,
      );
  }

  ended(runId: string, state: Exclude<PipelineRunState, 'running'>, error: string | null): PipelineRun {
    this.db
      .prepare(`UPDATE triad_pipeline_runs SET state = ?, error = ?, finished_at = ? WHERE id = ?`)
      .run(state, error, now(), runId);
    return this.get(runId);
  }

  get(id: string): PipelineRun {
    const row = this.db.prepare('SELECT * FROM triad_pipeline_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new TriadError('not_found', `no pipeline run ${id} in this project`);
    const steps = (
      this.db.prepare('SELECT * FROM triad_pipeline_steps WHERE run_id = ? ORDER BY position').all(id) as StepRow[]
    ).map(stepRun);
    return {
      id: row.id,
      pipeline: row.pipeline,
      file: row.file,
      definition: row.definition,
      definitionHash: row.definition_hash,
      params: JSON.parse(row.params) as PipelineRun['params'],
      state: row.state,
      reason: row.reason,
      resumedFrom: row.resumed_from,
      error: row.error,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      steps,
      registered: registeredVersions(steps),
    };
  }

  /** The id of the run `idOrPrefix` names: the whole id or a unique start of it. */
  resolveId(idOrPrefix: string): string {
    const pattern = `${idOrPrefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const matches = this.db
      .prepare("SELECT id FROM triad_pipeline_runs WHERE id LIKE ? ESCAPE '\\' LIMIT 3")
      .all(pattern) as { id: string }[];
    if (matches.length === 1 && idOrPrefix.length > 0) return (matches[0] as { id: string }).id;
    if (matches.length === 0 || idOrPrefix.length === 0)
      throw new TriadError('not_found', `no pipeline run ${idOrPrefix} in this project (triad runs list shows them)`);
    throw new TriadError('invalid_input', `${idOrPrefix} starts the ids of several runs: give more of it`);
  }

  /** Runs, newest first, of one pipeline or of all. */
  list(pipeline: string | null = null, limit = 100): PipelineRun[] {
    const ids = (
      pipeline === null
        ? this.db.prepare('SELECT id FROM triad_pipeline_runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit)
        : this.db
            .prepare(
              'SELECT id FROM triad_pipeline_runs WHERE pipeline = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
            )
            .all(pipeline, limit)
    ) as { id: string }[];
    return ids.map(({ id }) => this.get(id));
  }

  /** The newest step that succeeded with this cache key (a cached step points at its source run). */
  cached(cacheKey: string): (StepResult & { runId: string; finishedAt: string }) | null {
    const row = this.db
      .prepare(
        `SELECT run_id, kind, outputs, metrics, finished_at FROM triad_pipeline_steps
         WHERE cache_key = ? AND state = 'succeeded' ORDER BY finished_at DESC LIMIT 1`,
      )
      .get(cacheKey) as
      | { run_id: string; kind: string; outputs: string; metrics: string; finished_at: string }
      | undefined;
    if (!row) return null;
    return {
      runId: row.run_id,
      ...decodeStepRecord(row.kind, row.outputs),
      metrics: JSON.parse(row.metrics) as Record<string, number | null>,
      finishedAt: row.finished_at,
    };
  }

  /** The id of a run of the pipeline still running in a live process (this one or another), or null. */
  runningRunOf(pipeline: string): string | null {
    const open = this.db
      .prepare(`SELECT id, owner_pid FROM triad_pipeline_runs WHERE pipeline = ? AND state = 'running'`)
      .all(pipeline) as { id: string; owner_pid: number }[];
    return open.find((row) => isProcessAlive(row.owner_pid))?.id ?? null;
  }

  /** Marks the runs whose process died while they ran as interrupted, with their open steps. */
  markInterrupted(): PipelineRun[] {
    const open = this.db.prepare(`SELECT id, owner_pid FROM triad_pipeline_runs WHERE state = 'running'`).all() as {
      id: string;
      owner_pid: number;
    }[];
    const orphaned = open.filter((row) => !isProcessAlive(row.owner_pid));
    for (const { id, owner_pid } of orphaned)
      this.db.transaction(() => {
        this.db
          .prepare(
            `UPDATE triad_pipeline_steps SET state = 'interrupted', finished_at = ?
             WHERE run_id = ? AND state IN ('pending', 'running')`,
          )
          .run(now(), id);
        this.ended(id, 'interrupted', `its process (pid ${owner_pid}) stopped while the run went on`);
      })();
    return orphaned.map(({ id }) => this.get(id));
  }
}
