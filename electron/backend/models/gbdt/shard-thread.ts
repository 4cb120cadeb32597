import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { gbdtKernel, sharedKernelMemory } from './kernel.js';
import { type HelperMessage, NodeHistograms } from './node-histograms.js';
import { CONTROL, trainingViews } from './row-shards.js';
import { type ShardThreadData, waitForChange } from './shard-engine.js';
import { runTask, type TaskContext } from './training-task.js';

/** A helper of the GBDT trainer: does its share of each task the trainer writes. */
const data = workerData as ShardThreadData;
const memory = sharedKernelMemory(data.memory);
const histograms = new NodeHistograms(memory, data.layout.nodeHistograms, data.layout.width);
const views = trainingViews(memory, data.layout);
const { control } = views;
/** Null when this thread could not set itself up: it then fails every task, so the trainer stops at once. */
let context: TaskContext | null = null;
try {
  context = {
    kernel: gbdtKernel(memory),
    layout: data.layout,
    views,
    histograms,
    settings: data.settings,
    task: data.task,
    bins: [],
  };
} catch {
  Atomics.store(control, CONTROL.failed, 1);
  Atomics.notify(control, CONTROL.done);
}

/** Takes in what the trainer posted; this thread never returns to its event loop to be told. */
function readMessages(context: TaskContext): void {
  for (let received = receiveMessageOnPort(data.port); received; received = receiveMessageOnPort(data.port)) {
    const message = received.message as HelperMessage;
    context.bins = message.bins;
  }
}

let seen = 0;
for (;;) {
  waitForChange(control, CONTROL.generation, seen, Number.POSITIVE_INFINITY);
  seen = Atomics.load(control, CONTROL.generation);
  if (Atomics.load(control, CONTROL.stop)) break;
  try {
    if (!context) throw new Error('this training thread could not start');
    readMessages(context);
    runTask(context, data.index, data.threads);
  } catch {
    Atomics.store(control, CONTROL.failed, 1);
  }
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
data.port.close();
