import type { DeploymentSettings } from '../../../shared/contract/serving.js';
import { byTensorName } from '../models/onnx/by-tensor-name.js';

/** A request's tensors by input name, in the shape the runtime takes. */
export interface BatchTensor {
  type: string;
  dims: readonly number[];
  data: unknown;
}
export type Feeds = Record<string, BatchTensor>;

export interface BatchOperations<T extends BatchTensor> {
  run(feeds: Record<string, T>): Promise<Record<string, T>>;
  /** The requests' tensors of one input joined along the first dimension. */
  concatenate(parts: T[]): T;
  /** One output of a batched run cut back into each request's rows. */
  split(output: T, rowCounts: number[]): T[];
}

export class ServerBusyError extends Error {}

interface Pending<T extends BatchTensor> {
  feeds: Record<string, T>;
  rows: number;
  /** Null when the request must run alone. */
  signature: string | null;
  resolve(outputs: Record<string, T>): void;
  reject(error: unknown): void;
}

/** Rows of a request, and a key that is equal for requests whose tensors can be joined. */
function describe(feeds: Record<string, BatchTensor>): { rows: number; signature: string } | null {
  let rows = -1;
  let signature = '';
  for (const [name, tensor] of Object.entries(feeds)) {
    const first = tensor.dims[0];
    if (first === undefined || (rows >= 0 && first !== rows)) return null;
    rows = first;
    signature += `${name}|${tensor.type}|${tensor.dims.slice(1).join(',')};`;
  }
  return rows < 0 ? null : { rows, signature };
}

function firstDimension(feeds: Record<string, BatchTensor>): number {
  for (const name in feeds) return feeds[name]?.dims[0] ?? 1;
  return 1;
}

/**
 * Dynamic batching as Triton does it: requests queue while the model runs, and when it is free
 * the queued requests that fit in `maxBatchRows` run as one batch. With a window, the model waits
 * that long for more requests before running a batch that is not yet full.
 */
export class RequestBatcher<T extends BatchTensor> {
  private readonly queue: Pending<T>[] = [];
  private queuedRows = 0;
  private running = false;
  private scheduled = false;
  private inFlight = 0;
  private readonly batchSizes: number[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly operations: BatchOperations<T>,
    private settings: DeploymentSettings,
    /** False when the model's first dimension is fixed: requests then run one at a time. */
    private readonly batchable: boolean,
  ) {}

  get pending(): number {
    return this.inFlight;
  }

  /** Resolves once no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private finishOne(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  updateSettings(settings: DeploymentSettings): void {
    this.settings = settings;
  }

  /** Rows per run since the last call, for the metrics. */
  takeBatchSizes(): number[] {
    return this.batchSizes.splice(0);
  }

  submit(feeds: Record<string, T>): Promise<Record<string, T>> {
    if (this.inFlight >= this.settings.maxConcurrency)
      return Promise.reject(
        new ServerBusyError(`the model has ${this.inFlight} requests in flight, its limit: try again shortly`),
      );
    if (!this.running && this.queue.length === 0 && this.settings.batchWindowMicros === 0) return this.runAtOnce(feeds);
    const described = this.batchable ? describe(feeds) : null;
    this.inFlight++;
    return new Promise<Record<string, T>>((resolve, reject) => {
      this.queue.push({
        feeds,
        rows: described?.rows ?? 1,
        signature: described?.signature ?? null,
        resolve,
        reject,
      });
      this.queuedRows += described?.rows ?? 1;
      this.schedule();
    }).finally(() => this.finishOne());
  }

  /** An idle model with no window takes a lone request straight away, without queueing it. */
  private async runAtOnce(feeds: Record<string, T>): Promise<Record<string, T>> {
    this.running = true;
    this.inFlight++;
    this.batchSizes.push(this.batchable ? firstDimension(feeds) : 1);
    try {
      return await this.operations.run(feeds);
    } finally {
      this.finishOne();
      this.running = false;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.running || this.scheduled || this.queue.length === 0) return;
    const wait = this.settings.batchWindowMicros;
    if (wait === 0 && this.queue.length === 1) {
      // A request that came while the model ran, alone: it runs now rather than waiting a turn.
      void this.drain();
      return;
    }
    this.scheduled = true;
    const fire = () => {
      this.scheduled = false;
      void this.drain();
    };
    // setImmediate lets the requests that arrived while the model ran be read first.
    if (wait > 0 && this.queuedRows < this.settings.maxBatchRows) setTimeout(fire, wait / 1000);
    else setImmediate(fire);
  }

  private takeBatch(): Pending<T>[] {
    const first = this.queue.shift() as Pending<T>;
    const batch = [first];
    let rows = first.rows;
    for (let index = 0; index < this.queue.length; ) {
      const next = this.queue[index] as Pending<T>;
      if (
        first.signature !== null &&
        next.signature === first.signature &&
        rows + next.rows <= this.settings.maxBatchRows
      ) {
        batch.push(next);
        rows += next.rows;
        this.queue.splice(index, 1);
      } else index++;
    }
    this.queuedRows -= rows;
    return batch;
  }

  private async drain(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    try {
      const batch = this.takeBatch();
      this.batchSizes.push(batch.reduce((sum, entry) => sum + entry.rows, 0));
      if (batch.length === 1) await this.runAlone(batch[0] as Pending<T>);
      else await this.runTogether(batch);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private async runAlone(entry: Pending<T>): Promise<void> {
    try {
      entry.resolve(await this.operations.run(entry.feeds));
    } catch (error) {
      entry.reject(error);
    }
  }

  private async runTogether(batch: Pending<T>[]): Promise<void> {
    const names = Object.keys((batch[0] as Pending<T>).feeds);
    const rowCounts = batch.map((entry) => entry.rows);
    const total = rowCounts.reduce((sum, rows) => sum + rows, 0);
    let outputs: Record<string, T>;
    try {
      const joined = byTensorName<T>();
      for (const name of names)
        joined[name] = this.operations.concatenate(batch.map((entry) => entry.feeds[name] as T));
      outputs = await this.operations.run(joined);
    } catch {
      // One bad request must not fail the others: each runs on its own and meets its own error.
      for (const entry of batch) await this.runAlone(entry);
      return;
    }
    const perOutput = Object.entries(outputs);
    if (perOutput.some(([, tensor]) => tensor.dims[0] !== total)) {
      // An output without a row per input row (a summary over the batch) cannot be split.
      for (const entry of batch) await this.runAlone(entry);
      return;
    }
    const pieces = perOutput.map(([name, tensor]) => [name, this.operations.split(tensor, rowCounts)] as const);
    batch.forEach((entry, index) => {
      const result = byTensorName<T>();
      for (const [name, split] of pieces) result[name] = split[index] as T;
      entry.resolve(result);
    });
  }
}
