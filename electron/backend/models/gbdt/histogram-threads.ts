import { TriadError } from '../../../../shared/contract/errors.js';
import { compiledModuleUrl } from '../../threads/compiled-module.js';
import { spawnThread, type Thread } from '../../threads/spawn-thread.js';
import {
  accumulateHistogram,
  accumulateParts,
  addInto,
  HISTOGRAM_PARTS,
  type HistogramBuilder,
  type HistogramRows,
  newHistogram,
  PARTED_ROWS,
} from './histogram.js';

/** Slots of the control array the trainer and its helper threads share. */
export const CONTROL = {
  /** Incremented for each task (and to stop); helpers wait on it. */
  generation: 0,
  /** How many helpers finished the current task. */
  done: 1,
  start: 2,
  end: 3,
  featureCount: 4,
  stop: 5,
  /** Set by a helper whose work failed. */
  failed: 6,
  size: 8,
} as const;

/** What a helper thread gets: shared buffers only, so the trainer never waits on a message. */
export interface HistogramThreadData {
  /** The helper sums parts firstPart..firstPart + partCount - 1. */
  firstPart: number;
  partCount: number;
  width: number;
  codes: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  hessians: SharedArrayBuffer;
  order: SharedArrayBuffer;
  features: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** One histogram buffer per part (the helper writes its own parts'). */
  parts: SharedArrayBuffer[];
}

/** A helper that has not answered for this long is taken as dead. */
const HELPER_TIMEOUT_MS = 120_000;

/** Shared memory for the rows' codes, gradients and order, so helper threads can read them. */
export function sharedMemory(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

function sharedOf(view: ArrayBufferView, name: string): SharedArrayBuffer {
  if (!(view.buffer instanceof SharedArrayBuffer)) throw new Error(`${name} must be in shared memory`);
  return view.buffer;
}

/** The number of threads that share a node's parts evenly: 4, 2 or 1. */
export function histogramThreads(available: number): number {
  let threads = 1;
  while (threads * 2 <= Math.min(available, HISTOGRAM_PARTS)) threads *= 2;
  return threads;
}

/**
 * Histograms built by this thread and helper threads: a large node's rows are cut in
 * HISTOGRAM_PARTS parts, each thread sums a run of them into buffers of its own, and this thread
 * adds the parts in order, exactly as on one thread. The trainer blocks on Atomics while helpers
 * work, so training stays one synchronous call.
 */
export function threadedBuilder(
  data: HistogramRows,
  order: Uint32Array,
  available: number,
): { build: HistogramBuilder; close(): void } {
  const threads = histogramThreads(available);
  const partCount = HISTOGRAM_PARTS / threads;
  const control = new Int32Array(sharedMemory(CONTROL.size * 4));
  const features = new Int32Array(sharedMemory(data.width * 4));
  // This thread's parts stay in its own memory; the helpers write theirs to shared buffers.
  const buffers = Array.from({ length: HISTOGRAM_PARTS }, (_, part) =>
    part < partCount ? newHistogram(data.width) : new Float64Array(sharedMemory(data.width * 512 * 8)),
  );
  const helpers: Thread<never>[] = [];
  for (let index = 1; index < threads; index++)
    helpers.push(
      spawnThread(
        compiledModuleUrl('./histogram-thread.js', import.meta.url),
        {
          name: 'histogram thread',
          workerData: {
            firstPart: index * partCount,
            partCount,
            width: data.width,
            codes: sharedOf(data.codes, 'codes'),
            gradients: sharedOf(data.gradients, 'gradients'),
            hessians: sharedOf(data.hessians, 'hessians'),
            order: sharedOf(order, 'order'),
            features: features.buffer as SharedArrayBuffer,
            control: control.buffer as SharedArrayBuffer,
            parts: buffers.map((buffer) => buffer.buffer as SharedArrayBuffer),
          } satisfies HistogramThreadData,
        },
        { message: () => {}, failed: () => {} },
      ),
    );
  const waitForHelpers = () => {
    for (;;) {
      const done = Atomics.load(control, CONTROL.done);
      if (Atomics.load(control, CONTROL.failed)) throw new TriadError('internal', 'a histogram thread failed');
      if (done >= helpers.length) return;
      // Threads sleep rather than spin: the scheduler may keep a helper on this thread's core.
      if (Atomics.wait(control, CONTROL.done, done, HELPER_TIMEOUT_MS) === 'timed-out')
        throw new TriadError('internal', 'a histogram thread stopped answering');
    }
  };
  const build: HistogramBuilder = (rows, start, end, chosen, histogram) => {
    if (rows !== order) throw new Error('histograms are built over the order shared with the helper threads');
    if (end - start < PARTED_ROWS) {
      accumulateHistogram(data, order, start, end, chosen, histogram);
      return;
    }
    if (helpers.length > 0) {
      features.set(chosen);
      Atomics.store(control, CONTROL.featureCount, chosen.length);
      Atomics.store(control, CONTROL.start, start);
      Atomics.store(control, CONTROL.end, end);
      Atomics.store(control, CONTROL.done, 0);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
    }
    accumulateParts(data, order, start, end, chosen, 0, partCount, buffers);
    waitForHelpers();
    for (const buffer of buffers) addInto(histogram, buffer);
  };
  return {
    build,
    close: () => {
      for (const helper of helpers) helper.finish();
      Atomics.store(control, CONTROL.stop, 1);
      Atomics.add(control, CONTROL.generation, 1);
      Atomics.notify(control, CONTROL.generation);
    },
  };
}
