import type { FeatureBins } from './binning.js';
import { HISTOGRAM_STRIDE } from './histogram.js';
import { growKernelMemory, type KernelMemory } from './kernel.js';

/** What the trainer posts to its helper threads: the bins once learned. */
export interface HelperMessage {
  bins: FeatureBins[];
}

/** The memory grows by at least this much when the open nodes need more histograms. */
const GROWTH_BYTES = 16 * 2 ** 20;

/**
 * The histograms of a tree's open nodes, numbered, in the kernel's memory past the training's
 * layout (node n's at `first + n * bytes`), so the kernel and every training thread reach one by
 * its number. Only the trainer's thread takes and gives them; the memory grows when more are open
 * at once than ever before in this training.
 */
export class NodeHistograms {
  private readonly views: Float64Array[] = [];
  private readonly free: number[] = [];
  private made = 0;
  /** Bytes per node histogram: a (gradient, hessian) pair of doubles per bin of each feature. */
  readonly bytes: number;

  constructor(
    private readonly memory: KernelMemory,
    private readonly first: number,
    width: number,
  ) {
    this.bytes = width * HISTOGRAM_STRIDE * 8;
  }

  take(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    const end = this.address(this.made + 1);
    if (end > this.memory.memory.buffer.byteLength)
      growKernelMemory(this.memory, Math.max(end, this.memory.memory.buffer.byteLength + GROWTH_BYTES));
    this.made += 1;
    return this.made - 1;
  }

  give(id: number): void {
    this.free.push(id);
  }

  address(id: number): number {
    return this.first + id * this.bytes;
  }

  get(id: number): Float64Array {
    let view = this.views[id];
    if (!view) {
      // Made after the memory grew, a view reaches the new bytes through the memory's current buffer.
      view = new Float64Array(this.memory.memory.buffer, this.address(id), this.bytes / 8);
      this.views[id] = view;
    }
    return view;
  }
}
