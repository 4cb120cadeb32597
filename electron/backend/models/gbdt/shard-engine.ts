import { TriadError } from '../../../../shared/contract/errors.js';
import { compiledModuleUrl } from '../../threads/compiled-module.js';
import { spawnThread, type Thread } from '../../threads/spawn-thread.js';
import { type GbdtKernel, gbdtKernel, type KernelMemory } from './kernel.js';
import { CONTROL, runShardTask, type TrainingLayout, type TrainingViews, trainingViews } from './row-shards.js';

/** What a helper thread gets: the shared memory and where things are in it. */
export interface ShardThreadData {
  memory: WebAssembly.Memory;
  layout: TrainingLayout;
  /** The helper serves the shards whose number modulo `threads` is `index`. */
  index: number;
  threads: number;
}

/** A helper that has not answered for this long is taken as dead. */
const HELPER_TIMEOUT_MS = 120_000;
/** Checks of a flag before sleeping on it: a task is often short, and waking a sleeping thread costs more. */
export const SPINS = 20_000;

/**
 * Waits until `control[slot]` is no longer `seen`, spinning a little first; false on timeout.
 */
export function waitForChange(control: Int32Array, slot: number, seen: number, timeoutMs: number): boolean {
  for (let spin = 0; spin < SPINS; spin++) if (Atomics.load(control, slot) !== seen) return true;
  return Atomics.wait(control, slot, seen, timeoutMs) !== 'timed-out' || Atomics.load(control, slot) !== seen;
}

/** Runs each task written in the control block over every shard: this thread's shards here, the others on helpers. */
export interface ShardEngine {
  kernel: GbdtKernel;
  views: TrainingViews;
  run(kind: number): void;
  close(): void;
}

export function shardEngine(memory: KernelMemory, layout: TrainingLayout, threads: number): ShardEngine {
  const kernel = gbdtKernel(memory);
  const views = trainingViews(memory, layout);
  const { control } = views;
  const threadCount = Math.max(1, Math.min(threads, layout.shards));
  const helpers: Thread<never>[] = [];
  for (let index = 1; index < threadCount; index++)
    helpers.push(
      spawnThread(
        compiledModuleUrl('./shard-thread.js', import.meta.url),
        {
          name: 'training thread',
          workerData: { memory: memory.memory, layout, index, threads: threadCount } satisfies ShardThreadData,
        },
        { message: () => {}, failed: () => {} },
      ),
    );
  const waitForHelpers = () => {
    for (;;) {
      const done = Atomics.load(control, CONTROL.done);
      if (Atomics.load(control, CONTROL.failed)) throw new TriadError('internal', 'a training thread failed');
      if (done >= helpers.length) return;
      if (!waitForChange(control, CONTROL.done, done, HELPER_TIMEOUT_MS))
        throw new TriadError('internal', 'a training thread stopped answering');
    }
  };
  return {
    kernel,
    views,
    run(kind) {
      control[CONTROL.kind] = kind;
      if (helpers.length > 0) {
        Atomics.store(control, CONTROL.done, 0);
        Atomics.add(control, CONTROL.generation, 1);
        Atomics.notify(control, CONTROL.generation);
      }
      for (let shard = 0; shard < layout.shards; shard += threadCount) runShardTask(kernel, layout, views, shard);
      waitForHelpers();
    },
    close() {
      for (const helper of helpers) helper.finish();
      Atomics.store(control, CONTROL.stop, 1);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
    },
  };
}
