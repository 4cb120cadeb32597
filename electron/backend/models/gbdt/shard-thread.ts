import { workerData } from 'node:worker_threads';
import { gbdtKernel, sharedKernelMemory } from './kernel.js';
import { CONTROL, runShardTask, trainingViews } from './row-shards.js';
import { type ShardThreadData, waitForChange } from './shard-engine.js';

/** A helper of the GBDT trainer: does its shards' part of each task the trainer writes. */
const { memory, layout, index, threads } = workerData as ShardThreadData;
const shared = sharedKernelMemory(memory);
const kernel = gbdtKernel(shared);
const views = trainingViews(shared, layout);
const { control } = views;

let seen = 0;
for (;;) {
  waitForChange(control, CONTROL.generation, seen, Number.POSITIVE_INFINITY);
  seen = Atomics.load(control, CONTROL.generation);
  if (Atomics.load(control, CONTROL.stop)) break;
  try {
    for (let shard = index; shard < layout.shards; shard += threads) runShardTask(kernel, layout, views, shard);
  } catch {
    Atomics.store(control, CONTROL.failed, 1);
  }
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
