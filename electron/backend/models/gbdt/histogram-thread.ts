import { workerData } from 'node:worker_threads';
import { accumulateParts, type HistogramRows } from './histogram.js';
import { CONTROL, type HistogramThreadData } from './histogram-threads.js';

/** A helper of the GBDT trainer: sums its parts of each large node's rows when the trainer asks. */
const shared = workerData as HistogramThreadData;
const control = new Int32Array(shared.control);
const features = new Int32Array(shared.features);
const order = new Uint32Array(shared.order);
const buffers = shared.parts.map((part) => new Float64Array(part));
const data: HistogramRows = {
  codes: new Uint8Array(shared.codes),
  width: shared.width,
  gradients: new Float64Array(shared.gradients),
  hessians: new Float64Array(shared.hessians),
};

let seen = 0;
for (;;) {
  Atomics.wait(control, CONTROL.generation, seen);
  seen = Atomics.load(control, CONTROL.generation);
  if (Atomics.load(control, CONTROL.stop)) break;
  try {
    const chosen = features.subarray(0, Atomics.load(control, CONTROL.featureCount));
    const start = Atomics.load(control, CONTROL.start);
    const end = Atomics.load(control, CONTROL.end);
    accumulateParts(data, order, start, end, chosen, shared.firstPart, shared.firstPart + shared.partCount, buffers);
  } catch {
    Atomics.store(control, CONTROL.failed, 1);
  }
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
