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

export function kernelMemory(bytes: number): KernelMemory {
  const pages = Math.ceil(bytes / PAGE_BYTES) + 1;
  if (pages > MAX_PAGES)
    throw new TriadError(
      'invalid_input',
      `training needs ${(bytes / 2 ** 30).toFixed(1)} GiB of working memory, over the 4 GiB one training can use: train on fewer rows or features`,
    );
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch (error) {
    throw new TriadError(
      'unavailable',
      `could not reserve ${(bytes / 2 ** 20).toFixed(0)} MiB of working memory for training: ${(error as Error).message}`,
    );
  }
  return sharedKernelMemory(memory);
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

/** The kernel's functions (kernel.wat says what each does); every argument is a 32-bit integer. */
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
