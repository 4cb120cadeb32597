import { TriadError } from '../../shared/contract/errors.js';
import type { JobKind, JobProgress, JobResult } from '../../shared/contract/jobs.js';
import { describeJobProgress } from '../../shared/job-progress.js';
import { EventBus } from '../backend/contract/event-bus.js';
import type { Project } from '../backend/db/project.js';
import type { JobParams } from '../backend/jobs/job-kinds.js';
import { JobManager } from '../backend/jobs/job-manager.js';
import { JobStore } from '../backend/jobs/job-store.js';
import { takeJobRunner } from './job-runner.js';

/** A bar on a terminal; nothing when stderr is not one or the output is JSON (its code is then not loaded). */
async function progressBar(enabled: boolean): Promise<{ update(progress: JobProgress): void; stop(): void }> {
  if (!enabled) return { update() {}, stop() {} };
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({ format: '{bar} {percentage}% | {line}', hideCursor: true, stream: process.stderr });
  let started = false;
  return {
    update(progress) {
      const total = progress.total ?? 0;
      if (!started) bar.start(total, progress.done, { line: describeJobProgress(progress) });
      else {
        bar.setTotal(total);
        bar.update(progress.done, { line: describeJobProgress(progress) });
      }
      started = true;
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * Runs one job from a command as the app would: recorded in the project (so `triad jobs list` in
 * another terminal, and the app, see it), on the worker pool, with a progress bar on the terminal;
 * Ctrl+C cancels it, and a second Ctrl+C stops at once.
 */
export async function runJobFromCli<K extends JobKind>(
  project: Project,
  kind: K,
  params: JobParams[K],
  options: { json?: boolean },
): Promise<JobResult<K>> {
  const pool = takeJobRunner(kind);
  const bus = new EventBus();
  const jobs = new JobManager(pool, bus, 'cli');
  new JobStore(project.db).markInterrupted();
  const onTerminal = !options.json && process.stderr.isTTY === true;
  const bar = await progressBar(onTerminal);
  const job = jobs.start(project, kind, params);
  const stopProgress = bus.subscribe((event) => {
    if (event.name === 'jobs.progress' && event.payload.jobId === job.id) bar.update(event.payload.progress);
  });
  if (onTerminal) process.stderr.write(`Job ${job.id}: ${job.title} (Ctrl+C cancels it)\n`);
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nCancelling… (Ctrl+C again to stop at once)\n');
    jobs.cancel(project.db, job.id);
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await jobs.result(project, job.id, kind);
  } catch (error) {
    if (error instanceof TriadError && error.code === 'cancelled') process.exitCode = 130;
    throw error;
  } finally {
    bar.stop();
    stopProgress();
    process.off('SIGINT', onInterrupt);
    await pool.close();
  }
}
