import { availableParallelism } from 'node:os';
import { TriadError } from '../../../shared/contract/errors.js';
import type { JobKind, JobLogEntry, JobProgress, JobResult } from '../../../shared/contract/jobs.js';
import { compiledModuleUrl } from '../threads/compiled-module.js';
import type { LaunchProcess } from '../threads/spawn-process.js';
import { spawnThread, type Thread, type ThreadHandlers } from '../threads/spawn-thread.js';
import { BACKGROUND_NICENESS, lowerProcessPriority, YIELDING_NICENESS } from '../threads/thread-priority.js';
import type { TaskInput } from './job-tasks.js';
import { NICENESS_ARG, type PoolReply, type PoolRequest } from './pool-messages.js';

/**
 * How long a cancelled task has to stop on its own, and an idle thread to end when the pool
 * closes, before its thread is terminated (a last resort: stopping a thread inside a native
 * call is where addons are most fragile).
 */
const CANCEL_GRACE_MS = 2_000;
const EXIT_GRACE_MS = 2_000;

export interface PoolTaskHandlers {
  onStart?(): void;
  onProgress?(progress: JobProgress): void;
  onLog?(level: JobLogEntry['level'], message: string): void;
}

export interface PoolTask<T> {
  result: Promise<T>;
  /** Stops the task: dropped if still queued; else asked to stop, and its thread terminated if it does not. */
  cancel(): void;
}

export interface PoolStatus {
  threads: number;
  running: number;
  queued: number;
}

interface QueuedTask {
  task: JobKind;
  input: unknown;
  handlers: PoolTaskHandlers;
  resolve(result: unknown): void;
  reject(error: Error): void;
  cancelled: boolean;
}

interface PoolWorker extends Thread<PoolRequest> {
  /** Set for a worker in a process of its own, whose priority the pool can lower. */
  pid?: number | undefined;
}

interface Slot {
  thread: PoolWorker | null;
  /** The niceness its worker process was started with or lowered to. */
  niceness: number;
  current: QueuedTask | null;
  settle: ((outcome: { ok: true; result: unknown } | { ok: false; error: Error }) => void) | null;
}

/**
 * The one pool of workers every long operation runs on, bounded by the machine's cores. A worker
 * serves task after task; one that is terminated (a cancel) or dies is replaced when next needed.
 *
 * Given `launchProcess`, each worker is a process of its own (the app does this): then a job's
 * garbage collection, compiling, memory mapping and allocator share nothing with the model server,
 * and all of it runs at the job's low priority, which drops further while the model server serves.
 * Otherwise workers are threads of this process (the CLI, where the command is the whole process).
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: QueuedTask[] = [];
  private readonly listeners = new Set<(status: PoolStatus) => void>();
  private closed = false;
  private niceness = BACKGROUND_NICENESS;
  readonly onThisThread = false;

  constructor(
    readonly size = availableParallelism(),
    private readonly launchProcess?: LaunchProcess,
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({
      thread: null,
      niceness: BACKGROUND_NICENESS,
      current: null,
      settle: null,
    }));
  }

  /**
   * While the model server serves, worker processes run at the lowest priority, so inference
   * keeps its latency while jobs run; after, they go back to background priority. Priority can
   * only be lowered in place: a worker that must rise again is replaced once it is idle.
   */
  giveWayToServing(serving: boolean): void {
    if (!this.launchProcess) return;
    this.niceness = serving ? YIELDING_NICENESS : BACKGROUND_NICENESS;
    for (const slot of this.slots) this.matchPriority(slot);
  }

  private matchPriority(slot: Slot): void {
    const thread = slot.thread;
    if (!thread) return;
    if (slot.niceness < this.niceness && thread.pid !== undefined) {
      lowerProcessPriority(thread.pid, this.niceness);
      slot.niceness = this.niceness;
    } else if (slot.niceness > this.niceness && !slot.current) this.retire(slot);
  }

  /**
   * Starts a worker now and has it load what a `task` runs, so that such a task started soon after
   * finds it ready: the CLI does this while it loads the command that will start the task.
   */
  warmUp(task: JobKind): void {
    const slot = this.slots.find((candidate) => !candidate.thread && !candidate.current);
    if (this.closed || !slot) return;
    slot.thread = this.spawn(slot);
    slot.thread.post({ kind: 'prepare', task });
  }

  run<K extends JobKind>(task: K, input: TaskInput<K>, handlers: PoolTaskHandlers = {}): PoolTask<JobResult<K>> {
    if (this.closed) throw new TriadError('unavailable', 'the worker pool is shut down');
    let queued!: QueuedTask;
    const result = new Promise<JobResult<K>>((resolve, reject) => {
      queued = { task, input, handlers, resolve: resolve as (result: unknown) => void, reject, cancelled: false };
    });
    this.queue.push(queued);
    this.dispatch();
    return { result, cancel: () => this.cancel(queued) };
  }

  status(): PoolStatus {
    return {
      threads: this.slots.length,
      running: this.slots.filter((slot) => slot.current !== null).length,
      queued: this.queue.length,
    };
  }

  onChange(listener: (status: PoolStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Ends the pool: queued tasks are dropped, a running one is told the pool shut down, and each
   * thread is asked to end, terminated only if it has not within EXIT_GRACE_MS. Returns how many
   * had to be terminated.
   */
  async close(): Promise<{ terminated: number }> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.reject(new TriadError('cancelled', 'the worker pool shut down'));
    const ends = await Promise.all(
      this.slots.map(async (slot) => {
        const thread = slot.thread;
        slot.thread = null;
        slot.settle?.({ ok: false, error: new TriadError('cancelled', 'the worker pool shut down') });
        if (!thread) return false;
        thread.finish();
        thread.post({ kind: 'exit' });
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), EXIT_GRACE_MS);
        });
        const ended = await Promise.race([thread.exited, late]);
        clearTimeout(timer);
        if (ended !== 'late') return false;
        await thread.terminate();
        return true;
      }),
    );
    return { terminated: ends.filter(Boolean).length };
  }

  private cancel(queued: QueuedTask): void {
    if (queued.cancelled) return;
    queued.cancelled = true;
    const waiting = this.queue.indexOf(queued);
    if (waiting >= 0) {
      this.queue.splice(waiting, 1);
      queued.reject(new TriadError('cancelled', 'cancelled before it started'));
      this.changed();
      return;
    }
    const slot = this.slots.find((candidate) => candidate.current === queued);
    if (!slot?.thread) return;
    const thread = slot.thread;
    thread.post({ kind: 'cancel' });
    setTimeout(() => {
      if (slot.current === queued && slot.thread === thread) void thread.terminate();
    }, CANCEL_GRACE_MS).unref();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.current) continue;
      const next = this.queue.shift() as QueuedTask;
      this.start(slot, next);
    }
    this.changed();
  }

  private start(slot: Slot, queued: QueuedTask): void {
    this.matchPriority(slot);
    slot.current = queued;
    slot.thread ??= this.spawn(slot);
    const finish = () => {
      slot.current = null;
      slot.settle = null;
      this.matchPriority(slot);
      if (!this.closed) this.dispatch();
    };
    slot.settle = (outcome) => {
      finish();
      if (outcome.ok) queued.resolve(outcome.result);
      else queued.reject(outcome.error);
    };
    queued.handlers.onStart?.();
    slot.thread.post({ kind: 'run', task: queued.task, input: queued.input });
  }

  /** Ends an idle worker; its slot starts a new one when next needed. */
  private retire(slot: Slot): void {
    const thread = slot.thread;
    if (!thread) return;
    slot.thread = null;
    thread.finish();
    thread.post({ kind: 'exit' });
  }

  private spawn(slot: Slot): PoolWorker {
    const entry = compiledModuleUrl('./pool-worker.js', import.meta.url);
    slot.niceness = this.niceness;
    const handlers: ThreadHandlers<PoolReply> = {
      message: (reply) => {
        const current = slot.current;
        if (!current) return;
        if (reply.kind === 'progress') current.handlers.onProgress?.(reply.progress);
        else if (reply.kind === 'log') current.handlers.onLog?.(reply.level, reply.message);
        else if (reply.kind === 'done') slot.settle?.({ ok: true, result: reply.result });
        else slot.settle?.({ ok: false, error: TriadError.fromBody(reply.error) });
      },
      failed: (error) => {
        if (slot.thread === thread) slot.thread = null;
        const current = slot.current;
        if (!current) return;
        const stopped = current.cancelled ? new TriadError('cancelled', 'cancelled: its worker was stopped') : error;
        slot.settle?.({ ok: false, error: stopped });
      },
    };
    const thread: PoolWorker = this.launchProcess
      ? this.launchProcess<PoolReply, PoolRequest>(
          entry,
          { name: 'a job process', args: [NICENESS_ARG, String(slot.niceness)], niceness: slot.niceness },
          handlers,
        )
      : spawnThread<PoolReply, PoolRequest>(entry, { name: 'a worker thread' }, handlers);
    return thread;
  }

  private changed(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}
