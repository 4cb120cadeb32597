import * as ort from 'onnxruntime-node';
import type { TensorSignature } from '../../../shared/contract/schemas.js';
import { byTensorName } from '../models/onnx/by-tensor-name.js';
import { concatenateBatch, splitBatch } from './batching.js';
import { ARRAY_TYPE, isProtocolDatatype, ORT_TYPE } from './datatypes.js';
import { RequestBatcher } from './request-batcher.js';
import type { ServedVersion } from './server-messages.js';

/** A one-row input of zeros (or empty strings) for the warm-up run. */
function warmUpTensor(input: TensorSignature): ort.Tensor | null {
  const { datatype } = input;
  if (!isProtocolDatatype(datatype)) return null;
  const dims = (input.shape ?? [1, 1]).map((dim) => (dim < 0 ? 1 : dim));
  const count = dims.reduce((product, dim) => product * dim, 1);
  if (datatype === 'BYTES') return new ort.Tensor('string', new Array<string>(count).fill(''), dims);
  return new ort.Tensor(ORT_TYPE[datatype], new ARRAY_TYPE[datatype](count) as Float32Array, dims);
}

/** One registry version held by the server: its onnxruntime session, warmed, behind a batcher. */
export class LoadedModel {
  readonly batcher: RequestBatcher<ort.Tensor>;
  /** The signature's inputs by name, and its output names: looked up on every request. */
  readonly inputsByName: ReadonlyMap<string, TensorSignature>;
  readonly outputNames: ReadonlySet<string>;
  private retiring = false;

  private constructor(
    readonly served: ServedVersion,
    private readonly session: ort.InferenceSession,
    readonly loadedAt: string,
  ) {
    this.inputsByName = new Map(served.signature.inputs.map((input) => [input.name, input]));
    this.outputNames = new Set(served.signature.outputs.map((output) => output.name));
    const batchable = served.signature.inputs.every((input) => input.shape === null || input.shape[0] === -1);
    this.batcher = new RequestBatcher<ort.Tensor>(
      {
        run: (feeds) => this.session.run(feeds),
        concatenate: concatenateBatch,
        split: splitBatch,
      },
      served.settings,
      batchable,
    );
  }

  static async load(served: ServedVersion): Promise<LoadedModel> {
    const session = await ort.InferenceSession.create(served.file, {
      // The server thread is the only caller: one thread per run keeps latency flat and leaves cores to the rest.
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    const model = new LoadedModel(served, session, new Date().toISOString());
    await model.warmUp();
    return model;
  }

  get name(): string {
    return this.served.model;
  }

  get version(): number {
    return this.served.version;
  }

  /** The first run allocates what later runs reuse; a model that cannot run on zeros is still served. */
  private async warmUp(): Promise<void> {
    const feeds = byTensorName<ort.Tensor>();
    for (const input of this.served.signature.inputs) {
      const tensor = warmUpTensor(input);
      if (!tensor) return;
      feeds[input.name] = tensor;
    }
    try {
      await this.session.run(feeds);
    } catch {
      // Zeros can be outside what a model accepts (an index, a category): real requests will say.
    }
  }

  infer(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
    return this.batcher.submit(feeds);
  }

  /** Releases the session once the requests it has taken are answered. */
  async retire(): Promise<void> {
    if (this.retiring) return;
    this.retiring = true;
    await this.batcher.whenIdle();
    await this.session.release();
  }
}
