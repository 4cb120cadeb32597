import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type {
  Job,
  JobKind,
  JobLogEntry,
  JobOrigin,
  JobProgress,
  JobState,
  JobSummary,
} from '../../../shared/contract/jobs.js';
import { isProcessAlive } from '../db/process-liveness.js';

interface JobRow {
  id: string;
  kind: JobKind;
  title: string;
  params: string;
  state: JobState;
  progress: string | null;
  result: string | null;
  error: string | null;
  origin: JobOrigin;
  owner_pid: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** How many ended jobs a project keeps; older ones go, with their logs. */
export const JOBS_KEPT = 500;

const SUMMARY_COLUMNS =
  'id, kind, title, params, state, progress, error, origin, owner_pid, created_at, started_at, finished_at';

function summary(row: JobRow): JobSummary {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    params: JSON.parse(row.params) as Record<string, unknown>,
    state: row.state,
    progress: row.progress === null ? null : (JSON.parse(row.progress) as JobProgress),
    error: row.error,
    origin: row.origin,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

const now = () => new Date().toISOString();

export interface NewJob {
  id: string;
  kind: JobKind;
  title: string;
  params: Record<string, unknown>;
  origin: JobOrigin;
}

/** The jobs of one project, in its database, so every process that opens the project sees them. */
export class JobStore {
  constructor(readonly db: Database.Database) {}

  create(job: NewJob): JobSummary {
    this.db
      .prepare(
        `INSERT INTO triad_jobs (id, kind, title, params, state, origin, owner_pid, created_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(job.id, job.kind, job.title, JSON.stringify(job.params), job.origin, process.pid, now());
    return this.summary(job.id);
  }

  started(id: string): JobSummary {
    this.db.prepare("UPDATE triad_jobs SET state = 'running', started_at = ? WHERE id = ?").run(now(), id);
    return this.summary(id);
  }

  progressed(id: string, progress: JobProgress): void {
    this.db.prepare('UPDATE triad_jobs SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
  }

  /** Records the end once: a job already ended keeps its first ending. */
  ended(id: string, state: JobState, outcome: { result?: unknown; error?: string | null }): JobSummary {
    const end = this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE triad_jobs SET state = ?, result = ?, error = ?, finished_at = ?
           WHERE id = ? AND state IN ('queued', 'running')`,
        )
        .run(
          state,
          outcome.result === undefined ? null : JSON.stringify(outcome.result),
          outcome.error ?? null,
          now(),
          id,
        );
      this.prune();
    });
    end.immediate();
    return this.summary(id);
  }

  log(id: string, level: JobLogEntry['level'], message: string): void {
    this.db
      .prepare(
        `INSERT INTO triad_job_log (job_id, seq, at, level, message)
         SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ? FROM triad_job_log WHERE job_id = ?`,
      )
      .run(id, now(), level, message, id);
  }

  requestCancel(id: string): void {
    this.db.prepare('UPDATE triad_jobs SET cancel_requested = 1 WHERE id = ?').run(id);
  }

  /** Jobs of this process that another process asked to cancel. */
  cancelRequestedHere(): string[] {
    return (
      this.db
        .prepare(
          "SELECT id FROM triad_jobs WHERE cancel_requested = 1 AND owner_pid = ? AND state IN ('queued', 'running')",
        )
        .all(process.pid) as { id: string }[]
    ).map((row) => row.id);
  }

  /** A job named by its id or a unique start of it, as `triad jobs` lets users type it. */
  resolveId(idOrPrefix: string): string {
    const pattern = `${idOrPrefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const matches = this.db
      .prepare("SELECT id FROM triad_jobs WHERE id LIKE ? ESCAPE '\\' ORDER BY created_at DESC LIMIT 3")
      .all(pattern) as { id: string }[];
    if (matches.length === 1) return (matches[0] as { id: string }).id;
    if (matches.length === 0 || idOrPrefix.length === 0)
      throw new TriadError('not_found', `no job ${idOrPrefix} in this project (triad jobs list shows them)`);
    throw new TriadError('invalid_input', `${idOrPrefix} starts the ids of several jobs: give more of it`);
  }

  ownerPid(id: string): number {
    return this.row(id).owner_pid;
  }

  list(options: { states?: JobState[]; kinds?: JobKind[]; limit: number }): JobSummary[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (options.states?.length) {
      where.push(`state IN (${options.states.map(() => '?').join(', ')})`);
      values.push(...options.states);
    }
    if (options.kinds?.length) {
      where.push(`kind IN (${options.kinds.map(() => '?').join(', ')})`);
      values.push(...options.kinds);
    }
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM triad_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(...values, options.limit) as JobRow[];
    return rows.map(summary);
  }

  /** Other processes' jobs created after `createdAfter`, still queued or running, or named in `ids`. */
  othersChangedSince(createdAfter: string, ids: readonly string[]): JobSummary[] {
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM triad_jobs
         WHERE owner_pid != ?
           AND (created_at > ? OR state IN ('queued', 'running') OR id IN (SELECT value FROM json_each(?)))
         ORDER BY created_at`,
      )
      .all(process.pid, createdAfter, JSON.stringify(ids)) as JobRow[];
    return rows.map(summary);
  }

  get(id: string): Job {
    const row = this.row(id);
    const log = this.db
      .prepare('SELECT at, level, message FROM triad_job_log WHERE job_id = ? ORDER BY seq')
      .all(id) as JobLogEntry[];
    return { ...summary(row), log, result: row.result === null ? null : (JSON.parse(row.result) as unknown) };
  }

  summary(id: string): JobSummary {
    return summary(this.row(id));
  }

  /**
   * Jobs left queued or running by a process that no longer runs: it was killed, or the machine
   * stopped. They are marked interrupted so nobody waits for them.
   */
  markInterrupted(): JobSummary[] {
    const open = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM triad_jobs WHERE state IN ('queued', 'running')`)
      .all() as JobRow[];
    const orphaned = open.filter((row) => !isProcessAlive(row.owner_pid));
    for (const row of orphaned) {
      this.ended(row.id, 'interrupted', {
        error: `its process (${row.origin === 'cli' ? 'a triad command' : 'the app'}, pid ${row.owner_pid}) stopped while it ran`,
      });
      this.log(row.id, 'error', 'interrupted: its process stopped while the job ran');
    }
    return orphaned.map((row) => this.summary(row.id));
  }

  private row(id: string): JobRow {
    const row = this.db.prepare('SELECT * FROM triad_jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new TriadError('not_found', `no job ${id} in this project`);
    return row;
  }

  private prune(): void {
    this.db
      .prepare(
        `DELETE FROM triad_jobs WHERE state NOT IN ('queued', 'running') AND id NOT IN (
           SELECT id FROM triad_jobs WHERE state NOT IN ('queued', 'running') ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      )
      .run(JOBS_KEPT);
  }
}
