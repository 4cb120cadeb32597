import { setPriority } from 'node:os';

/** The niceness of background work: below interactive work, above idle. */
const BACKGROUND_NICENESS = 10;

/**
 * Lowers the calling thread's scheduling priority, so long jobs (imports, training sets,
 * training) give way to the model server's and the app's threads when the cores are busy. On
 * Linux the nice value belongs to a thread (and threads it starts inherit it); elsewhere it is
 * the whole process's, so it is left alone there. Idle scheduling (SCHED_IDLE) would give way
 * sooner, but starves jobs outright whenever other work fills the cores.
 */
export function runInBackground(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, BACKGROUND_NICENESS);
  } catch {
    // A sandbox may refuse it: the job runs at normal priority.
  }
}
