import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.js';
import { BlockAllocator, gbdtKernel, kernelMemory } from './kernel.js';
import { PAIR_BYTES } from './row-shards.js';

const ROWS = 1000;
const WIDTH = 7;

function setup() {
  const blocks = new BlockAllocator();
  const at = {
    codes: blocks.take(ROWS * WIDTH),
    pairs: blocks.take(ROWS * PAIR_BYTES),
    order: blocks.take(ROWS * 4),
    ordered: blocks.take(ROWS * PAIR_BYTES),
    spare: blocks.take(ROWS * 4),
    spareOrdered: blocks.take(ROWS * PAIR_BYTES),
    features: blocks.take(WIDTH * 4),
    histogram: blocks.take(WIDTH * 4096),
  };
  const memory = kernelMemory(blocks.used);
  const random = seededRandom(3);
  const codes = new Uint8Array(memory.buffer, at.codes, ROWS * WIDTH);
  for (let slot = 0; slot < codes.length; slot++) codes[slot] = random() < 0.1 ? 255 : Math.floor(random() * 40);
  const pairs = new Float32Array(memory.buffer, at.pairs, ROWS * 2);
  for (let slot = 0; slot < pairs.length; slot++) pairs[slot] = random() - 0.5;
  const order = new Uint32Array(memory.buffer, at.order, ROWS);
  // Every other row, as a sampled node would hold them.
  for (let index = 0; index < ROWS / 2; index++) order[index] = index * 2;
  return { at, memory, codes, pairs, order, kernel: gbdtKernel(memory) };
}

describe('the WebAssembly kernel', () => {
  it('sums a node’s pairs into each listed feature’s bins, and only those', () => {
    const { at, memory, codes, pairs, kernel } = setup();
    const listed = [6, 0, 3, 1, 5];
    new Int32Array(memory.buffer, at.features, WIDTH).set(listed);
    new Float64Array(memory.buffer, at.histogram, WIDTH * 512).fill(7);
    kernel.gather(at.order, at.pairs, at.ordered, 0, 500);
    kernel.accumulate(at.order, at.ordered, 10, 400, at.codes, ROWS, at.features, listed.length, at.histogram);
    const histogram = new Float64Array(memory.buffer, at.histogram, WIDTH * 512);
    const expected = new Float64Array(WIDTH * 512).fill(7);
    for (const feature of listed) expected.fill(0, feature * 512, (feature + 1) * 512);
    for (let index = 10; index < 400; index++) {
      const row = index * 2;
      for (const feature of listed) {
        const slot = feature * 512 + 2 * (codes[feature * ROWS + row] as number);
        expected[slot] = (expected[slot] as number) + (pairs[2 * row] as number);
        expected[slot + 1] = (expected[slot + 1] as number) + (pairs[2 * row + 1] as number);
      }
    }
    for (let slot = 0; slot < expected.length; slot++)
      expect(histogram[slot]).toBeCloseTo(expected[slot] as number, 12);
  });

  it('partitions a node stably, with its pairs, sending missing codes where told', () => {
    for (const [bin, categorical, missingLeft] of [
      [20, 0, 0],
      [20, 0, 1],
      [7, 1, 0],
    ] as const) {
      const { at, memory, codes, pairs, order, kernel } = setup();
      kernel.gather(at.order, at.pairs, at.ordered, 0, 500);
      const column = 2 * ROWS;
      const goesLeft = (row: number) => {
        const code = codes[column + row] as number;
        return categorical ? code === bin : code <= bin || (code === 255 && missingLeft === 1);
      };
      const before = Array.from(order.subarray(100, 300));
      const middle = kernel.partition(
        at.order,
        at.ordered,
        100,
        300,
        at.codes + column,
        bin,
        categorical,
        missingLeft,
        at.spare,
        at.spareOrdered,
      );
      const left = before.filter(goesLeft);
      expect(middle).toBe(100 + left.length);
      expect(Array.from(order.subarray(100, 300))).toEqual([...left, ...before.filter((row) => !goesLeft(row))]);
      const ordered = new Float32Array(memory.buffer, at.ordered, ROWS * 2);
      for (let index = 100; index < 300; index++) {
        const row = order[index] as number;
        expect([ordered[2 * index], ordered[2 * index + 1]]).toEqual([pairs[2 * row], pairs[2 * row + 1]]);
      }
      expect(order[99]).toBe(198);
      expect(order[300]).toBe(600);
    }
  });

  it('refuses a training that needs more memory than it can address', () => {
    expect(() => kernelMemory(5 * 2 ** 30)).toThrow(/over the 4 GiB one training can use/);
  });
});
