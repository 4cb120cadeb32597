import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/seeded-random.js';
import { BlockAllocator, gbdtKernel, kernelMemory } from './kernel.js';
import { PAIR_BYTES } from './row-shards.js';

const ROWS = 1000;
/** Two quads of features (see binCodes). */
const QUADS = 2;
const LANES = QUADS * 4;

function codeAt(quad: number, row: number, lane: number): number {
  return (quad * ROWS + row) * 4 + lane;
}

function setup() {
  const blocks = new BlockAllocator();
  const at = {
    codes: blocks.take(ROWS * LANES),
    pairs: blocks.take(ROWS * PAIR_BYTES),
    order: blocks.take(ROWS * 4),
    ordered: blocks.take(ROWS * PAIR_BYTES),
    spare: blocks.take(ROWS * 4),
    spareOrdered: blocks.take(ROWS * PAIR_BYTES),
    quads: blocks.take(QUADS * 4),
    histogram: blocks.take(LANES * 4096),
  };
  const memory = kernelMemory(blocks.used);
  const random = seededRandom(3);
  const codes = new Uint8Array(memory.buffer, at.codes, ROWS * LANES);
  for (let slot = 0; slot < codes.length; slot++) codes[slot] = random() < 0.1 ? 255 : Math.floor(random() * 40);
  const pairs = new Float32Array(memory.buffer, at.pairs, ROWS * 2);
  for (let slot = 0; slot < pairs.length; slot++) pairs[slot] = random() - 0.5;
  const order = new Uint32Array(memory.buffer, at.order, ROWS);
  // Every other row, as a sampled node would hold them.
  for (let index = 0; index < ROWS / 2; index++) order[index] = index * 2;
  return { at, memory, codes, pairs, order, kernel: gbdtKernel(memory) };
}

describe('the WebAssembly kernel', () => {
  it('sums a node’s pairs into the bins of each listed quad’s four features, and only those', () => {
    for (const listed of [[1], [1, 0]]) {
      const { at, memory, codes, pairs, kernel } = setup();
      new Int32Array(memory.buffer, at.quads, QUADS).set(listed);
      new Float64Array(memory.buffer, at.histogram, LANES * 512).fill(7);
      kernel.gather(at.order, at.pairs, at.ordered, 0, 500);
      kernel.accumulate(at.order, at.ordered, 10, 400, at.codes, ROWS, at.quads, listed.length, at.histogram);
      const histogram = new Float64Array(memory.buffer, at.histogram, LANES * 512);
      const expected = new Float64Array(LANES * 512).fill(7);
      for (const quad of listed) expected.fill(0, quad * 4 * 512, (quad + 1) * 4 * 512);
      for (let index = 10; index < 400; index++) {
        const row = index * 2;
        for (const quad of listed)
          for (let lane = 0; lane < 4; lane++) {
            const slot = (quad * 4 + lane) * 512 + 2 * (codes[codeAt(quad, row, lane)] as number);
            expected[slot] = (expected[slot] as number) + (pairs[2 * row] as number);
            expected[slot + 1] = (expected[slot + 1] as number) + (pairs[2 * row + 1] as number);
          }
      }
      for (let slot = 0; slot < expected.length; slot++)
        expect(histogram[slot]).toBeCloseTo(expected[slot] as number, 12);
    }
  });

  it('partitions a node stably, with its pairs, sending missing codes where told', () => {
    for (const [bin, categorical, missingLeft] of [
      [20, 0, 0],
      [20, 0, 1],
      [7, 1, 0],
    ] as const) {
      const { at, memory, codes, pairs, order, kernel } = setup();
      kernel.gather(at.order, at.pairs, at.ordered, 0, 500);
      // Feature 6: the second quad's third lane.
      const column = codeAt(1, 0, 2);
      const goesLeft = (row: number) => {
        const code = codes[column + 4 * row] as number;
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

  it('combines shard histograms over the used bins of listed features: their sum, or a parent less them', () => {
    const blocks = new BlockAllocator();
    const features = 3;
    const slots = features * 512;
    const at = {
      target: blocks.take(slots * 8),
      shards: blocks.take(2 * slots * 8),
      features: blocks.take(2 * 4),
      valueBins: blocks.take(features * 4),
    };
    const memory = kernelMemory(blocks.used);
    const kernel = gbdtKernel(memory);
    const random = seededRandom(9);
    const target = new Float64Array(memory.buffer, at.target, slots);
    const first = new Float64Array(memory.buffer, at.shards, slots);
    const second = new Float64Array(memory.buffer, at.shards + slots * 8, slots);
    for (let slot = 0; slot < slots; slot++) {
      first[slot] = random();
      second[slot] = random();
    }
    new Int32Array(memory.buffer, at.features, 2).set([2, 0]);
    new Int32Array(memory.buffer, at.valueBins, features).set([5, 200, 17]);
    const used = (slot: number) => {
      const feature = Math.floor(slot / 512);
      const bin = Math.floor((slot % 512) / 2);
      return feature !== 1 && (bin < ([5, 200, 17][feature] as number) || bin === 255);
    };
    target.fill(-1);
    kernel.combine(at.target, at.shards, 2, slots * 8, at.features, 2, at.valueBins, 0);
    const valueAt = (view: Float64Array, slot: number) => view[slot] as number;
    for (let slot = 0; slot < slots; slot++)
      expect(target[slot]).toBe(used(slot) ? valueAt(first, slot) + valueAt(second, slot) : -1);
    const parent = Float64Array.from(target, () => random() * 10);
    target.set(parent);
    kernel.combine(at.target, at.shards, 2, slots * 8, at.features, 2, at.valueBins, 1);
    for (let slot = 0; slot < slots; slot++)
      expect(target[slot]).toBe(
        used(slot) ? valueAt(parent, slot) - valueAt(first, slot) - valueAt(second, slot) : valueAt(parent, slot),
      );
  });

  it('refuses a training that needs more memory than it can address', () => {
    expect(() => kernelMemory(5 * 2 ** 30)).toThrow(/over the 4 GiB one training can use/);
  });
});
