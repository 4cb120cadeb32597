import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { delimiter, join } from 'node:path';

/** The niceness of background work: below interactive work, above idle. */
export const BACKGROUND_NICENESS = 10;

/**
 * The niceness of jobs while the model server serves: they run on what inference leaves. On
 * Linux they are also idle-scheduled then (SCHED_IDLE): a core running only idle-scheduled work
 * counts as free, so a waking inference thread is placed there and runs at once. Kept only while
 * serving, since both starve jobs whenever anything else fills the cores.
 */
export const YIELDING_NICENESS = 19;

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

/** Lowers the nice value of thread `id` on Linux (of process `id` elsewhere); never raises it. */
export function lowerThreadPriority(id: number, niceness: number): void {
  try {
    if (getPriority(id) < niceness) setPriority(id, niceness);
  } catch {
    // The thread ended meanwhile, or a sandbox refuses it.
  }
}

/**
 * Lowers the priority of every thread of process `pid` (0: this process) to `niceness`, and never
 * raises it (only a privileged process may). On Linux each thread has its own nice value, so each
 * is set, including the runtime's helper threads (garbage collection, compiling) that run a
 * job's work as much as its own thread does; elsewhere the value is the process's.
 */
export function lowerProcessPriority(pid: number, niceness: number): void {
  if (process.platform !== 'linux') {
    lowerThreadPriority(pid, niceness);
    return;
  }
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid === 0 ? 'self' : pid}/task`);
  } catch {
    return;
  }
  for (const thread of threads) lowerThreadPriority(Number(thread), niceness);
  if (niceness >= YIELDING_NICENESS) scheduleWhenIdle(pid === 0 ? process.pid : pid);
}

const SCHED_IDLE = 5;

/** Whether thread `id` is idle-scheduled: the policy, field 41 of its stat line. */
export function isIdleScheduled(id: number): boolean {
  try {
    const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]) === SCHED_IDLE;
  } catch {
    return false;
  }
}

/**
 * Idle-schedules every thread of `pid` (threads started later inherit it); Node has no call for
 * it, util-linux's chrt does. A process started idle-scheduled (startAtPriority) has every thread
 * so already, and is spared starting chrt.
 */
function scheduleWhenIdle(pid: number): void {
  if (isIdleScheduled(pid)) return;
  const chrt = programOnPath('chrt');
  if (chrt) spawnSync(chrt, ['--all-tasks', '--idle', '--pid', '0', String(pid)], { stdio: 'ignore', timeout: 5_000 });
}

const programs = new Map<string, string | null>();

/** The absolute path of an executable found on PATH, or null; looked up once per name. */
function programOnPath(name: string): string | null {
  let found = programs.get(name);
  if (found === undefined) {
    found = null;
    for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      try {
        accessSync(join(folder, name), constants.X_OK);
        found = join(folder, name);
        break;
      } catch {
        // Not in this folder.
      }
    }
    programs.set(name, found);
  }
  return found;
}

/**
 * The command words that start a program at `niceness` (and idle-scheduled at YIELDING_NICENESS)
 * from its first instruction, through coreutils' nice and util-linux's chrt, each of which execs
 * the next: lowering a process after it is started leaves its start-up (tens of milliseconds of
 * loading and compiling) at the parent's priority. Empty where these are missing or not Linux,
 * and then the process is lowered once it exists.
 */
export function startAtPriority(niceness: number): string[] {
  if (process.platform !== 'linux') return [];
  // nice adds to the niceness the child inherits from the calling thread.
  const increment = niceness - getPriority();
  const nice = programOnPath('nice');
  if (!nice || increment <= 0) return [];
  const chrt = niceness >= YIELDING_NICENESS ? idleLauncher(nice) : null;
  return [nice, '-n', String(increment), ...(chrt ? [chrt, '--idle', '0'] : [])];
}

let idleLauncherChecked: string | null | undefined;

/**
 * chrt, once it has been seen to idle-schedule a program here: a sandbox that refuses the call
 * would otherwise make every job process fail to start, where lowering it later fails quietly.
 */
function idleLauncher(nice: string): string | null {
  if (idleLauncherChecked === undefined) {
    const chrt = programOnPath('chrt');
    idleLauncherChecked =
      chrt && spawnSync(chrt, ['--idle', '0', nice], { stdio: 'ignore', timeout: 5_000 }).status === 0 ? chrt : null;
  }
  return idleLauncherChecked;
}
