import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { jobEndError } from '../../../shared/client/job-end-error.js';
import { TriadError } from '../../../shared/contract/errors.js';
import type { JobKind, JobOrigin, JobProgress, JobResult, JobSummary } from '../../../shared/contract/jobs.js';
import type { EventBus } from '../contract/event-bus.js';
import { isProcessAlive } from '../db/process-liveness.js';
import { discardStaged } from '../db/staging-tables.js';
import { type JobParams, jobTitle } from './job-kinds.js';
import { JobStore } from './job-store.js';
import type { TaskRunner } from './task-runner.js';
import type { PoolTask } from './worker-pool.js';

/**
 * The schemas a result from a worker is checked against, loaded while the job runs: zod and the
 * whole contract take about 0.14 s of a thread's time.
 */
const resultSchemas = () => import('../../../shared/contract/jobs.js').then((contract) => contract.jobResults);

/** Progress reaches clients at most this often per job, and the project database a few times less. */
const PROGRESS_EVENT_MS = 200;
const PROGRESS_STORE_MS = 1_000;
/** How often this process looks for cancels asked by another process (`triad jobs cancel`). */
const CANCEL_POLL_MS = 500;

export interface JobProject {
  db: Database.Database;
  path: string;
}

interface LocalJob {
  store: JobStore;
  summary: JobSummary;
  task: PoolTask<unknown> | null;
  cancelRequested: boolean;
  ended: Promise<JobSummary>;
  lastEventAt: number;
  lastStoredAt: number;
}

/**
 * Runs jobs (on the worker pool, or a command's own thread) and keeps their record in the project: created queued, running
 * once a thread takes it, then succeeded, failed or cancelled, with progress and a log on the way.
 */
export class JobManager {
  private readonly local = new Map<string, LocalJob>();
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: TaskRunner,
    private readonly bus: EventBus,
    private readonly origin: JobOrigin,
  ) {}

  start<K extends JobKind>(project: JobProject, kind: K, params: JobParams[K]): JobSummary {
    const store = new JobStore(project.db);
    const id = randomUUID();
    const summary = store.create({
      id,
      kind,
      title: jobTitle(kind, params),
      params: params as Record<string, unknown>,
      origin: this.origin,
    });
    let resolveEnded!: (summary: JobSummary) => void;
    const job: LocalJob = {
      store,
      summary,
      task: null,
      cancelRequested: false,
      ended: new Promise((resolve) => (resolveEnded = resolve)),
      lastEventAt: 0,
      lastStoredAt: 0,
    };
    this.local.set(id, job);
    this.announce(job);
    job.task = this.pool.run(
      kind,
      { projectDir: project.path, jobId: id, origin: this.origin, params },
      {
        onStart: () => {
          job.summary = store.started(id);
          this.announce(job);
        },
        onProgress: (progress) => this.progressed(job, progress),
        onLog: (level, message) => store.log(id, level, message),
      },
    );
    const startedAt = Date.now();
    job.task.result
      .then(
        (result) => this.end(job, 'succeeded', { result }, `succeeded in ${seconds(startedAt)}`),
        (error: unknown) => {
          const cancelled = job.cancelRequested || (error instanceof TriadError && error.code === 'cancelled');
          const message = error instanceof Error ? error.message : String(error);
          if (cancelled) this.end(job, 'cancelled', { error: 'cancelled by the user' }, 'cancelled');
          else this.end(job, 'failed', { error: message }, `failed: ${message}`);
        },
      )
      .finally(() => resolveEnded(job.summary));
    this.watchCancels();
    return job.summary;
  }

  /**
   * Cancels a job of this process at once; a job another live process runs is asked to stop
   * through the project (it looks twice a second). False when the job had already ended.
   */
  cancel(db: Database.Database, id: string): boolean {
    const job = this.local.get(id);
    if (job) {
      if (job.cancelRequested) return true;
      job.cancelRequested = true;
      // Nothing is written here: the job may hold the write lock until the cancel reaches it.
      job.task?.cancel();
      return true;
    }
    const store = new JobStore(db);
    const summary = store.summary(id);
    if (summary.state !== 'queued' && summary.state !== 'running') return false;
    if (!isProcessAlive(store.ownerPid(id))) {
      for (const interrupted of store.markInterrupted()) this.bus.emit('jobs.changed', interrupted);
      return false;
    }
    store.requestCancel(id);
    store.log(id, 'info', `cancel requested from another process (pid ${process.pid})`);
    return true;
  }

  /** Starts a job and waits for its result; a job that fails, is cancelled or interrupted throws its error. */
  run<K extends JobKind>(project: JobProject, kind: K, params: JobParams[K]): Promise<JobResult<K>> {
    return this.result(project, this.start(project, kind, params).id, kind);
  }

  /** The result of a job of this process once it ends; a job that failed, was cancelled or interrupted throws its error. */
  async result<K extends JobKind>(project: JobProject, id: string, kind: K): Promise<JobResult<K>> {
    const ended = this.ended(id);
    // A result from this thread is the task's own value, as stored: the schemas would only take the
    // thread's time from the task (tests check the tasks' results against them).
    const schemas = this.pool.onThisThread ? null : resultSchemas();
    await ended;
    const record = new JobStore(project.db).get(id);
    if (record.state !== 'succeeded') throw jobEndError(record);
    return (schemas ? (await schemas)[kind].parse(record.result) : record.result) as JobResult<K>;
  }

  /** Resolves with the job's final summary; for a job of this process only. */
  ended(id: string): Promise<JobSummary> {
    const job = this.local.get(id);
    if (!job) throw new TriadError('not_found', `job ${id} does not run in this process`);
    return job.ended;
  }

  /** Cancels every job this process runs and waits for them to end (a project closing, the app quitting). */
  async cancelAll(): Promise<void> {
    const jobs = [...this.local.entries()];
    for (const [id, job] of jobs) this.cancel(job.store.db, id);
    await Promise.all(jobs.map(([, job]) => job.ended));
  }

  private progressed(job: LocalJob, progress: JobProgress): void {
    job.summary = { ...job.summary, progress };
    const now = Date.now();
    if (now - job.lastStoredAt >= PROGRESS_STORE_MS) {
      job.lastStoredAt = now;
      try {
        job.store.progressed(job.summary.id, progress);
      } catch {
        // Progress is shown live from memory; a busy database only delays its stored copy.
      }
    }
    if (now - job.lastEventAt >= PROGRESS_EVENT_MS) {
      job.lastEventAt = now;
      this.bus.emit('jobs.progress', { jobId: job.summary.id, kind: job.summary.kind, progress });
      this.bus.emit('jobs.changed', job.summary);
    }
  }

  private end(
    job: LocalJob,
    state: 'succeeded' | 'failed' | 'cancelled',
    outcome: { result?: unknown; error?: string },
    logLine: string,
  ): void {
    const id = job.summary.id;
    this.local.delete(id);
    if (this.local.size === 0) this.stopWatchingCancels();
    try {
      // A thread stopped mid-way could not drop what it staged.
      if (state !== 'succeeded') discardStaged(job.store.db, id, outcome.error ?? state);
      if (job.summary.progress) job.store.progressed(id, job.summary.progress);
      job.store.log(id, state === 'succeeded' ? 'info' : state === 'failed' ? 'error' : 'warning', logLine);
      job.summary = job.store.ended(id, state, outcome);
    } catch {
      // The record could not be written (the project was closed under it): clients still learn the end.
      job.summary = { ...job.summary, state, error: outcome.error ?? null, finishedAt: new Date().toISOString() };
    }
    this.announce(job);
  }

  private announce(job: LocalJob): void {
    this.bus.emit('jobs.changed', job.summary);
  }

  private watchCancels(): void {
    if (this.poll) return;
    this.poll = setInterval(() => {
      const stores = new Map<Database.Database, JobStore>();
      for (const job of this.local.values()) stores.set(job.store.db, job.store);
      for (const store of stores.values()) {
        try {
          for (const id of store.cancelRequestedHere()) {
            const job = this.local.get(id);
            if (job && !job.cancelRequested) {
              job.cancelRequested = true;
              job.task?.cancel();
            }
          }
        } catch {
          // A busy or closed database is looked at again on the next tick.
        }
      }
    }, CANCEL_POLL_MS);
    this.poll.unref();
  }

  private stopWatchingCancels(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
