import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/seeded-random.js';
import { bundleEntries, craftZip, SAMPLE_FILES } from '../test-support/crafted-zip.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { BundleRefusedError, readBundle } from './bundle-reader.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const ITERATIONS = 600;
const HANG_MS = 5000;

type Damage = (bytes: Buffer, random: () => number) => Buffer;
const below = (random: () => number, n: number) => Math.floor(random() * n);

const DAMAGES: Record<string, Damage> = {
  'flipped bytes': (bytes, random) => {
    const out = Buffer.from(bytes);
    for (let i = 1 + below(random, 8); i > 0; i--) {
      const at = below(random, out.length);
      out.writeUInt8(out.readUInt8(at) ^ (1 + below(random, 255)), at);
    }
    return out;
  },
  truncated: (bytes, random) => bytes.subarray(0, below(random, bytes.length)),
  'duplicated region': (bytes, random) => {
    const start = below(random, bytes.length);
    const region = bytes.subarray(start, start + 1 + below(random, 200));
    const at = below(random, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), region, bytes.subarray(at)]);
  },
  'region copied over another': (bytes, random) => {
    const out = Buffer.from(bytes);
    const start = below(random, bytes.length);
    bytes.copy(out, below(random, bytes.length), start, start + 1 + below(random, 64));
    return out;
  },
  'region cut out': (bytes, random) => {
    const start = below(random, bytes.length);
    return Buffer.concat([bytes.subarray(0, start), bytes.subarray(start + 1 + below(random, 64))]);
  },
};

function hang(): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('readBundle hung')), HANG_MS).unref());
}

describe('reading damaged bundles', () => {
  it('refuses each with BundleRefusedError, or reads exactly the original content', async () => {
    const original = craftZip(
      bundleEntries(SAMPLE_FILES).map((entry, index) => (index % 2 ? { ...entry, method: 'stored' as const } : entry)),
    );
    const random = seededRandom(20240601);
    const file = join(temporaryFolder('bundle-fuzz'), 'damaged.triad');
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const outcomes = { read: 0, refused: 0 };
    const failures: string[] = [];
    const names = Object.keys(DAMAGES);
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const name = names[iteration % names.length] ?? 'truncated';
      const damaged = DAMAGES[name]?.(original, random) ?? original;
      writeFileSync(file, damaged);
      try {
        const bundle = await Promise.race([readBundle(file), hang()]);
        outcomes.read++;
        for (const { path, bytes } of SAMPLE_FILES)
          if (!bundle.small.get(path)?.equals(bytes)) failures.push(`${iteration} (${name}): read ${path} changed`);
      } catch (error) {
        if (error instanceof BundleRefusedError) outcomes.refused++;
        else failures.push(`${iteration} (${name}): ${(error as Error).stack}`);
      }
    }
    expect(failures).toEqual([]);
    expect(outcomes.refused).toBeGreaterThan(ITERATIONS * 0.8);
    expect(openFiles()).toBe(before);
  }, 30_000);
});
