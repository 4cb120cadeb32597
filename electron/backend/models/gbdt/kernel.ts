import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TriadError } from '../../../../shared/contract/errors.js';
import { compiledModuleUrl } from '../../threads/compiled-module.js';

const PAGE_BYTES = 65_536;
/** Addresses are 32-bit: the trainer's memory cannot pass 4 GiB. */
const MAX_PAGES = 65_536;

/**
 * The memory the WebAssembly kernel works in, shared with helper threads: one block laid out
 * before training (see trainingLayout), so views into it never move.
 */
export interface KernelMemory {
  memory: WebAssembly.Memory;
  buffer: SharedArrayBuffer;
}

function pagesFor(bytes: number): number {
  const pages = Math.ceil(bytes / PAGE_BYTES) + 1;
  if (pages > MAX_PAGES)
    throw new TriadError(
      'invalid_input',
      `training needs ${(bytes / 2 ** 30).toFixed(1)} GiB of working memory, over the 4 GiB one training can use: train on fewer rows or features, or shallower trees`,
    );
  return pages;
}

/** A memory of at least `bytes`, which can grow to 4 GiB (see growKernelMemory). */
export function kernelMemory(bytes: number): KernelMemory {
  const pages = pagesFor(bytes);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
  } catch (error) {
    throw new TriadError(
      'unavailable',
      `could not reserve ${(bytes / 2 ** 20).toFixed(0)} MiB of working memory for training: ${(error as Error).message}`,
    );
  }
  return sharedKernelMemory(memory);
}

/**
 * Grows a kernel memory to at least `bytes`. Views made before stay valid over the bytes they
 * had; the new bytes are reached through memory.buffer, on any thread.
 */
export function growKernelMemory(memory: KernelMemory, bytes: number): void {
  const more = pagesFor(bytes) - memory.memory.buffer.byteLength / PAGE_BYTES;
  if (more <= 0) return;
  try {
    memory.memory.grow(more);
  } catch (error) {
    throw new TriadError(
      'unavailable',
      `could not grow the training's working memory to ${(bytes / 2 ** 20).toFixed(0)} MiB: ${(error as Error).message}`,
    );
  }
}

/** A memory made by kernelMemory, as another thread receives it. */
export function sharedKernelMemory(memory: WebAssembly.Memory): KernelMemory {
  const { buffer } = memory;
  if (!(buffer instanceof SharedArrayBuffer)) throw new Error('the kernel memory must be shared');
  return { memory, buffer };
}

/** Hands out 16-byte aligned blocks of a memory, front to back; address 0 stays unused. */
export class BlockAllocator {
  private next = 16;
  take(bytes: number): number {
    const at = this.next;
    this.next = Math.ceil((at + bytes) / 16) * 16;
    return at;
  }
  get used(): number {
    return this.next;
  }
}

/** The kernel's functions (kernel.wat says what each does); arguments are addresses and counts but for findSplit's sums and settings. */
export interface GbdtKernel {
  gather(order: number, pairs: number, ordered: number, start: number, end: number): void;
  accumulate(
    order: number,
    ordered: number,
    start: number,
    end: number,
    codes: number,
    rows: number,
    features: number,
    featureCount: number,
    histogram: number,
  ): void;
  partition(
    order: number,
    ordered: number,
    start: number,
    end: number,
    column: number,
    bin: number,
    categorical: number,
    missingLeft: number,
    spare: number,
    spareOrdered: number,
  ): number;
  combine(
    target: number,
    first: number,
    shards: number,
    stride: number,
    features: number,
    count: number,
    valueBins: number,
    fromParent: number,
  ): void;
  findSplit(
    histogram: number,
    gradient: number,
    hessian: number,
    features: number,
    count: number,
    valueBins: number,
    categorical: number,
    lambda: number,
    minChildWeight: number,
    minGain: number,
    out: number,
  ): void;
  addLeafValues(
    order: number,
    scores: number,
    outputs: number,
    output: number,
    leafValues: number,
    leafRanges: number,
    leafCount: number,
    shards: number,
    shard: number,
  ): void;
  scoreTree(
    values: number,
    rows: number,
    width: number,
    nodes: number,
    leafValues: number,
    depth: number,
    scores: number,
    outputs: number,
    output: number,
  ): void;
}

let compiled: WebAssembly.Module | null = null;

/** The kernel working in `memory`; the module is compiled once per thread. */
export function gbdtKernel(memory: KernelMemory): GbdtKernel {
  if (!compiled) {
    const path = fileURLToPath(compiledModuleUrl('./kernel.wasm', import.meta.url));
    compiled = new WebAssembly.Module(readFileSync(path));
  }
  const instance = new WebAssembly.Instance(compiled, { env: { memory: memory.memory } });
  return instance.exports as unknown as GbdtKernel;
}
