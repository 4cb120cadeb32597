import { describe, expect, it } from 'vitest';
import { byTensorName } from '../models/onnx/by-tensor-name.js';
import { type BatchOperations, type BatchTensor, RequestBatcher, ServerBusyError } from './request-batcher.js';

interface Tensor extends BatchTensor {
  data: number[];
}

const tensor = (values: number[], width = 1): Tensor => ({
  type: 'float32',
  dims: [values.length / width, width],
  data: values,
});

/** A model that doubles its input, recording the rows of every run; runs that include -1 fail. */
function doubling(): BatchOperations<Tensor> & { runs: number[] } {
  const runs: number[] = [];
  return {
    runs,
    async run(feeds) {
      const input = feeds.x as Tensor;
      runs.push(input.dims[0] as number);
      if (input.data.includes(-1)) throw new Error('negative one is refused');
      return { y: { type: 'float32', dims: input.dims, data: input.data.map((value) => value * 2) } };
    },
    concatenate: (parts) => ({
      type: 'float32',
      dims: [parts.reduce((sum, part) => sum + (part.dims[0] as number), 0), ...(parts[0] as Tensor).dims.slice(1)],
      data: parts.flatMap((part) => part.data),
    }),
    split(output, rowCounts) {
      let offset = 0;
      return rowCounts.map((rows) => {
        const part = tensor(output.data.slice(offset, offset + rows));
        offset += rows;
        return part;
      });
    },
  };
}

const settings = { maxBatchRows: 8, batchWindowMicros: 0, maxConcurrency: 100 };

describe('dynamic batching', () => {
  it('runs a lone request on an idle model at once, and the requests that come while it runs as one batch', async () => {
    const operations = doubling();
    const batcher = new RequestBatcher(operations, settings, true);
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((value) => batcher.submit({ x: tensor([value, value + 10]) })),
    );
    expect(answers.map((answer) => answer.y?.data)).toEqual([
      [2, 22],
      [4, 24],
      [6, 26],
      [8, 28],
      [10, 30],
    ]);
    expect(operations.runs).toEqual([2, 8]);
  });

  it('joins and splits tensors named like members of every object ("__proto__", "toString")', async () => {
    const names = ['__proto__', 'toString'];
    const runs: string[][] = [];
    const operations: BatchOperations<Tensor> = {
      ...doubling(),
      async run(feeds) {
        runs.push(Object.keys(feeds));
        const outputs = byTensorName<Tensor>();
        for (const name of names) outputs[name] = feeds[name] as Tensor;
        return outputs;
      },
    };
    const batcher = new RequestBatcher(operations, settings, true);
    const request = (value: number) => {
      const feeds = byTensorName<Tensor>();
      names.forEach((name, index) => {
        feeds[name] = tensor([value + 10 * index]);
      });
      return batcher.submit(feeds);
    };
    const answers = await Promise.all([1, 2, 3].map(request));
    expect(answers.map((answer) => names.map((name) => answer[name]?.data))).toEqual([
      [[1], [11]],
      [[2], [12]],
      [[3], [13]],
    ]);
    expect(runs).toEqual([names, names]);
  });

  it('says when the last request in flight has run, the lone one and the batched ones', async () => {
    const operations = doubling();
    const batcher = new RequestBatcher(operations, settings, true);
    await batcher.whenIdle();
    const requests = [1, 2, 3].map((value) => batcher.submit({ x: tensor([value]) }));
    const runsWhenIdle = await batcher.whenIdle().then(() => [...operations.runs]);
    expect(runsWhenIdle).toEqual([1, 2]);
    expect(batcher.pending).toBe(0);
    expect((await Promise.all(requests)).map((answer) => answer.y?.data)).toEqual([[2], [4], [6]]);
  });

  it('never puts more rows in a batch than allowed, and never splits a request', async () => {
    const operations = doubling();
    const batcher = new RequestBatcher(operations, settings, true);
    await Promise.all([1, 3, 3, 3, 5, 9].map((rows) => batcher.submit({ x: tensor(new Array(rows).fill(1)) })));
    expect(operations.runs).toEqual([1, 6, 8, 9]);
  });

  it('runs requests with other trailing dimensions apart', async () => {
    const operations = doubling();
    const batcher = new RequestBatcher(operations, settings, true);
    await Promise.all([
      batcher.submit({ x: tensor([0]) }),
      batcher.submit({ x: tensor([1, 2], 2) }),
      batcher.submit({ x: tensor([3]) }),
      batcher.submit({ x: tensor([4, 5], 2) }),
    ]);
    expect(operations.runs).toEqual([1, 2, 1]);
  });

  it('runs each request alone when the model fixes its first dimension', async () => {
    const operations = doubling();
    const batcher = new RequestBatcher(operations, settings, false);
    await Promise.all([1, 2, 3].map((value) => batcher.submit({ x: tensor([value]) })));
    expect(operations.runs).toEqual([1, 1, 1]);
  });

  it('fails only the bad request of a batch', async () => {
    const operations = doubling();
    const batcher = new RequestBatcher(operations, settings, true);
    const results = await Promise.allSettled([0, 1, -1, 3].map((value) => batcher.submit({ x: tensor([value]) })));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[3] as PromiseFulfilledResult<Record<string, Tensor>>).value.y?.data).toEqual([6]);
    expect(operations.runs).toEqual([1, 3, 1, 1, 1]);
  });

  it('refuses requests beyond the concurrency limit with a busy error, and takes new ones once answered', async () => {
    const batcher = new RequestBatcher(doubling(), { ...settings, maxConcurrency: 2 }, true);
    const first = batcher.submit({ x: tensor([1]) });
    const second = batcher.submit({ x: tensor([2]) });
    await expect(batcher.submit({ x: tensor([3]) })).rejects.toBeInstanceOf(ServerBusyError);
    await Promise.all([first, second]);
    expect(batcher.pending).toBe(0);
    await expect(batcher.submit({ x: tensor([4]) })).resolves.toMatchObject({ y: { data: [8] } });
  });

  it('waits the batch window for more requests before running a batch that is not full', async () => {
    const operations = doubling();
    const batcher = new RequestBatcher(operations, { ...settings, batchWindowMicros: 20_000 }, true);
    const early = batcher.submit({ x: tensor([1]) });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const late = batcher.submit({ x: tensor([2]) });
    await Promise.all([early, late]);
    expect(operations.runs).toEqual([2]);
    expect(batcher.takeBatchSizes()).toEqual([2]);
  });
});
