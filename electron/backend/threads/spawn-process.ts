import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { settlesOnce, type Thread, type ThreadHandlers, workerEndError } from './spawn-thread.js';
import { lowerThreadPriority, startAtPriority } from './thread-priority.js';

/** A worker in a process of its own: a thread's interface, and the process id to set its priority by. */
export interface ProcessWorker<Outgoing> extends Thread<Outgoing> {
  /** Undefined until the process has started (and under hosts that start it elsewhere, until they say). */
  readonly pid: number | undefined;
}

export interface LaunchOptions {
  name: string;
  args: string[];
  /**
   * The process's priority from its first instruction: set on it as soon as it exists, so even
   * its start-up (loading and compiling modules) does not compete with the model server.
   */
  niceness: number;
}

/** Starts `entry` as a process of its own; Node's child processes and Electron's utility processes both fit. */
export type LaunchProcess = <Incoming, Outgoing>(
  entry: URL,
  options: LaunchOptions,
  handlers: ThreadHandlers<Incoming>,
) => ProcessWorker<Outgoing>;

/**
 * Starts a Node child process talking over IPC with structured clones, ending like spawnThread's
 * threads: an error or an exit before finish() reaches `failed` exactly once.
 */
export const spawnProcess: LaunchProcess = <Incoming, Outgoing>(
  entry: URL,
  options: LaunchOptions,
  handlers: ThreadHandlers<Incoming>,
): ProcessWorker<Outgoing> => {
  const [launcher, ...launcherArgs] = startAtPriority(options.niceness);
  const child = fork(fileURLToPath(entry), options.args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    ...(launcher ? { execPath: launcher, execArgv: [...launcherArgs, process.execPath, ...process.execArgv] } : {}),
  });
  // Without a launcher, its only thread yet, at once: the worker lowers the threads it starts (and idle-schedules itself) as it starts.
  if (!launcher && child.pid !== undefined) lowerThreadPriority(child.pid, options.niceness);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const outcome = settlesOnce(handlers);
  let stopping = false;
  child.on('message', (message) => outcome.message(message as Incoming));
  child.on('error', outcome.fail);
  child.on('exit', (code, signal) => outcome.fail(workerEndError(options.name, stopping, code, signal)));
  return {
    get pid() {
      return child.pid;
    },
    post: (message) => {
      if (child.connected) child.send(message as object, (error) => error && outcome.fail(error));
    },
    finish: outcome.finish,
    terminate: async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    exited,
  };
};
