import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Where `chrt` lacks: below interactive work, above idle. */
const FALLBACK_NICENESS = 10;

/**
 * Moves the calling thread to background scheduling, so long jobs (imports, training sets,
 * training) run on cores nothing else wants and never delay the model server's or the app's
 * threads. On Linux that is SCHED_IDLE, set with util-linux's `chrt`: a waking normal thread
 * takes the core from an idle one at once, whereas a niced thread keeps it for the rest of its
 * time slice (a millisecond or more on each hop of a request). Threads it starts inherit the
 * policy. Elsewhere priority belongs to the whole process, so it is left alone there.
 */
export function runInBackground(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, FALLBACK_NICENESS);
  } catch {
    // A sandbox may refuse it.
  }
  const threadId = readlinkSync('/proc/thread-self').split('/').at(-1) ?? '';
  // Without chrt (or where it is refused) the thread stays niced.
  spawnSync('chrt', ['--idle', '--pid', '0', threadId], { stdio: 'ignore', timeout: 5_000 });
}
