import type { MessagePort } from 'node:worker_threads';
import type { FeatureBins } from './binning.js';
import { HISTOGRAM_STRIDE } from './histogram.js';
import type { FeatureLayout } from './split-finder.js';

/** Reads a node's histogram by number, on any training thread. */
export interface HistogramSource {
  get(id: number): Float64Array;
}

/** What the trainer posts to its helper threads, in order: new node histograms, and the bins once learned. */
export type HelperMessage = { histogram: SharedArrayBuffer } | { bins: FeatureBins[]; featureLayout: FeatureLayout };

/**
 * The histograms of a tree's open nodes, numbered and in shared memory, so any training thread
 * can fill or read one. A new one is posted to every helper thread as it is made.
 */
export class NodeHistograms implements HistogramSource {
  private readonly all: Float64Array[] = [];
  private readonly free: number[] = [];

  constructor(
    private readonly width: number,
    private readonly ports: readonly MessagePort[],
  ) {}

  take(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    const buffer = new SharedArrayBuffer(this.width * HISTOGRAM_STRIDE * 8);
    this.all.push(new Float64Array(buffer));
    for (const port of this.ports) port.postMessage({ histogram: buffer } satisfies HelperMessage);
    return this.all.length - 1;
  }

  give(id: number): void {
    this.free.push(id);
  }

  get(id: number): Float64Array {
    return this.all[id] as Float64Array;
  }
}

/** A helper thread's copy of the node histograms, filled from the trainer's messages. */
export class ReceivedHistograms implements HistogramSource {
  private readonly all: Float64Array[] = [];

  add(buffer: SharedArrayBuffer): void {
    this.all.push(new Float64Array(buffer));
  }

  get(id: number): Float64Array {
    const histogram = this.all[id];
    if (!histogram) throw new Error(`node histogram ${id} never reached this thread`);
    return histogram;
  }
}
