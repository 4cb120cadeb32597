import type Database from 'better-sqlite3';
import type { JobSummary } from '../../../shared/contract/jobs.js';
import { JobStore } from './job-store.js';

/** How often the project is looked at for jobs other processes (a `triad` command) changed. */
const WATCH_MS = 1_000;

const fingerprint = (job: JobSummary) => `${job.state} ${JSON.stringify(job.progress)}`;

/**
 * Reports the jobs that other processes start and move on, so the app shows a `triad ingest` run
 * in a terminal as it runs. SQLite's data_version says whether anyone else wrote since the last look.
 */
export function watchOtherProcessJobs(db: Database.Database, changed: (job: JobSummary) => void): () => void {
  const store = new JobStore(db);
  const seen = new Map<string, string>();
  let version = db.pragma('data_version', { simple: true });
  let newest = new Date().toISOString();
  const look = () => {
    const now = db.pragma('data_version', { simple: true });
    if (now === version) return;
    version = now;
    const open = [...seen.keys()];
    for (const job of store.othersChangedSince(newest, open)) {
      if (job.createdAt > newest) newest = job.createdAt;
      const print = fingerprint(job);
      if (seen.get(job.id) === print) continue;
      if (job.state === 'queued' || job.state === 'running') seen.set(job.id, print);
      else seen.delete(job.id);
      changed(job);
    }
  };
  const timer = setInterval(() => {
    try {
      look();
    } catch {
      // A busy or closing database is looked at again on the next tick.
    }
  }, WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
