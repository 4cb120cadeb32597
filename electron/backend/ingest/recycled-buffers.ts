/**
 * Memory for a reader thread's batches, handed back by the importing thread once it has stored
 * them. Fresh memory costs a page fault per 4 KiB page on first touch (several microseconds each
 * on a virtual machine); batch after batch of the same sizes, reused memory costs nothing. Buffers
 * are kept by size, rounded up to a power of two, up to a bound.
 */
const MIN_BYTES = 4096;
const MAX_KEPT_BYTES = 64 * 1024 * 1024;
const kept = new Map<number, ArrayBuffer[]>();
let keptBytes = 0;

function roundedSize(bytes: number): number {
  let size = MIN_BYTES;
  while (size < bytes) size *= 2;
  return size;
}

/** Keeps buffers handed back, to hold later batches (those of a size no batch asks for are dropped). */
export function recycleBuffers(buffers: readonly ArrayBuffer[]): void {
  for (const buffer of buffers) {
    const size = buffer.byteLength;
    if (size < MIN_BYTES || size !== roundedSize(size) || keptBytes + size > MAX_KEPT_BYTES) continue;
    const same = kept.get(size) ?? [];
    same.push(buffer);
    kept.set(size, same);
    keptBytes += size;
  }
}

/** A buffer of at least `bytes`, kept or new; its contents are whatever they were. */
function bufferOf(bytes: number): ArrayBuffer {
  const size = roundedSize(bytes);
  const buffer = kept.get(size)?.pop();
  if (!buffer) return new ArrayBuffer(size);
  keptBytes -= size;
  return buffer;
}

/** Arrays for a batch, in recycled memory; every element must be written before it is read. */
export const recycled = {
  float64: (length: number) => new Float64Array(bufferOf(length * 8), 0, length),
  int32: (length: number) => new Int32Array(bufferOf(length * 4), 0, length),
  bytes: (length: number) => new Uint8Array(bufferOf(length), 0, length),
};
