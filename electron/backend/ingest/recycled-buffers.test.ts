import { describe, expect, it } from 'vitest';
import { recycleBuffers, recycled } from './recycled-buffers.js';

describe('recycled batch memory', () => {
  it('hands a buffer given back to the next array of the same rounded size, as long as asked', () => {
    const first = recycled.float64(1000);
    expect(first.length).toBe(1000);
    expect(first.buffer.byteLength).toBe(8192);
    first.fill(7);
    recycleBuffers([first.buffer as ArrayBuffer]);
    // 2,000 Int32 values take 8,000 bytes, rounded up to the same 8 KiB.
    const other = recycled.int32(2000);
    expect(other.buffer).toBe(first.buffer);
    expect(other.length).toBe(2000);
    expect(recycled.int32(2000).buffer).not.toBe(first.buffer);
  });

  it('drops buffers of sizes no batch asks for, and keeps no more than its bound', () => {
    const odd = new ArrayBuffer(5000);
    recycleBuffers([odd]);
    expect(recycled.bytes(5000).buffer).not.toBe(odd);
    const large = Array.from({ length: 80 }, () => new ArrayBuffer(1 << 20));
    recycleBuffers(large);
    const reused = Array.from({ length: 80 }, () => recycled.bytes(1 << 20).buffer);
    expect(reused.filter((buffer) => large.includes(buffer as ArrayBuffer)).length).toBe(64);
  });
});
