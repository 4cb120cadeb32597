import { workerData } from 'node:worker_threads';
import { gbdtKernel, sharedKernelMemory } from './kernel.js';
import { ReceivedHistograms } from './node-histograms.js';
import { CONTROL, shardHistogramViews, trainingViews } from './row-shards.js';
import { type ShardThreadData, waitForChange } from './shard-engine.js';
import { runTask, type TaskContext } from './training-task.js';

/** A helper of the GBDT trainer: does its share of each task the trainer writes. */
const data = workerData as ShardThreadData;
const memory = sharedKernelMemory(data.memory);
const context: TaskContext = {
  kernel: gbdtKernel(memory),
  layout: data.layout,
  views: trainingViews(memory, data.layout),
  shardHistograms: shardHistogramViews(memory, data.layout),
  histograms: new ReceivedHistograms(data.port),
  featureLayout: data.featureLayout,
  settings: data.settings,
  task: data.task,
  bins: data.bins,
};
const { control } = context.views;

let seen = 0;
for (;;) {
  waitForChange(control, CONTROL.generation, seen, Number.POSITIVE_INFINITY);
  seen = Atomics.load(control, CONTROL.generation);
  if (Atomics.load(control, CONTROL.stop)) break;
  try {
    runTask(context, data.index, data.threads);
  } catch {
    Atomics.store(control, CONTROL.failed, 1);
  }
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
data.port.close();
