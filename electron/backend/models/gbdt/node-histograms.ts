import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { HISTOGRAM_STRIDE } from './histogram.js';

/** Reads a node's histogram by number, on any training thread. */
export interface HistogramSource {
  get(id: number): Float64Array;
}

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
    for (const port of this.ports) port.postMessage(buffer);
    return this.all.length - 1;
  }

  give(id: number): void {
    this.free.push(id);
  }

  get(id: number): Float64Array {
    return this.all[id] as Float64Array;
  }
}

/**
 * A helper thread's side of NodeHistograms: it never returns to its event loop, so it takes the
 * posted histograms off its port itself, in the order they were made.
 */
export class ReceivedHistograms implements HistogramSource {
  private readonly all: Float64Array[] = [];

  constructor(private readonly port: MessagePort) {}

  get(id: number): Float64Array {
    while (this.all.length <= id) {
      const received = receiveMessageOnPort(this.port);
      if (!received) throw new Error(`node histogram ${id} never reached this thread`);
      this.all.push(new Float64Array(received.message as SharedArrayBuffer));
    }
    return this.all[id] as Float64Array;
  }
}
