import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { TriadError } from '../../../../shared/contract/errors.js';
import { compiledModuleUrl } from '../../threads/compiled-module.js';
import { spawnThread, type Thread } from '../../threads/spawn-thread.js';
import { type FeatureBins, valueBinCount } from './binning.js';
import type { BoostingTask } from './gradients.js';
import { gbdtKernel, type KernelMemory } from './kernel.js';
import { type HelperMessage, NodeHistograms } from './node-histograms.js';
import { CONTROL, type TrainingLayout, trainingViews } from './row-shards.js';
import type { SplitSettings } from './split.js';
import { runTask, type TaskContext } from './training-task.js';

/** What a helper thread gets: the shared memory, where things are in it, and how to split. */
export interface ShardThreadData {
  memory: WebAssembly.Memory;
  layout: TrainingLayout;
  settings: SplitSettings;
  task: BoostingTask;
  /** The trainer's HelperMessages arrive here. */
  port: MessagePort;
  /** The helper's share of each task: see runTask. */
  index: number;
  threads: number;
}

/** Split finding gains little past this many threads, and each one costs a start-up. */
const MAX_THREADS = 4;
/** A helper that has not answered for this long is taken as dead. */
const HELPER_TIMEOUT_MS = 120_000;
/** Checks of a flag before sleeping on it: tasks are short, and waking a sleeping thread costs more. */
const SPINS = 20_000;

/** Waits until `control[slot]` is no longer `seen`, spinning a little first; false on timeout. */
export function waitForChange(control: Int32Array, slot: number, seen: number, timeoutMs: number): boolean {
  for (let spin = 0; spin < SPINS; spin++) if (Atomics.load(control, slot) !== seen) return true;
  return Atomics.wait(control, slot, seen, timeoutMs) !== 'timed-out' || Atomics.load(control, slot) !== seen;
}

/** Runs each task written in the control block on this thread and its helpers, returning when all are done. */
export interface ShardEngine {
  context: TaskContext;
  histograms: NodeHistograms;
  /** Gives every thread the bins learned (the helpers start before they are). */
  setBins(bins: FeatureBins[]): void;
  run(kind: number): void;
  close(): void;
}

export function shardEngine(
  memory: KernelMemory,
  layout: TrainingLayout,
  threads: number,
  task: BoostingTask,
  settings: SplitSettings,
): ShardEngine {
  const views = trainingViews(memory, layout);
  const { control } = views;
  // A thread per shard; threads beyond the shards share the split finding only.
  const threadCount = layout.shards > 1 ? Math.max(1, Math.min(threads, MAX_THREADS)) : 1;
  // The kernel loads here first: helper threads must not be left waiting if it cannot.
  const ports: MessagePort[] = [];
  const histograms = new NodeHistograms(memory, layout.nodeHistograms, layout.width);
  const context: TaskContext = {
    kernel: gbdtKernel(memory),
    layout,
    views,
    histograms,
    settings,
    task,
    bins: [],
  };
  const helpers: Thread<never>[] = [];
  const stopHelpers = () => {
    for (const helper of helpers) helper.finish();
    Atomics.store(control, CONTROL.stop, 1);
    Atomics.add(control, CONTROL.generation, 1);
    Atomics.notify(control, CONTROL.generation);
    for (const port of ports) port.close();
  };
  function spawnHelpers(): void {
    for (let index = 1; index < threadCount; index++) {
      const channel = new MessageChannel();
      ports.push(channel.port1);
      helpers.push(
        spawnThread(
          compiledModuleUrl('./shard-thread.js', import.meta.url),
          {
            name: 'training thread',
            workerData: {
              memory: memory.memory,
              layout,
              settings: { lambda: settings.lambda, minChildWeight: settings.minChildWeight, minGain: settings.minGain },
              task,
              port: channel.port2,
              index,
              threads: threadCount,
            } satisfies ShardThreadData,
            transferList: [channel.port2],
          },
          { message: () => {}, failed: () => {} },
        ),
      );
    }
  }
  try {
    spawnHelpers();
  } catch (error) {
    stopHelpers();
    throw error;
  }
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
    context,
    histograms,
    setBins(bins) {
      context.bins = bins;
      bins.forEach((feature, index) => {
        views.valueBins[index] = valueBinCount(feature);
        views.categorical[index] = feature.kind === 'categorical' ? 1 : 0;
      });
      for (const port of ports) port.postMessage({ bins } satisfies HelperMessage);
    },
    run(kind) {
      control[CONTROL.kind] = kind;
      if (helpers.length > 0) {
        Atomics.store(control, CONTROL.done, 0);
        Atomics.add(control, CONTROL.generation, 1);
        Atomics.notify(control, CONTROL.generation);
      }
      runTask(context, 0, threadCount);
      waitForHelpers();
    },
    close: stopHelpers,
  };
}
