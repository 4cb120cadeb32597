import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/test-support/seeded-random.js';
import { decompressLz4Frame, Lz4FormatError } from './lz4-frame.js';

/** Compresses with the reference lz4 tool (Debian's lz4), so the decoder is checked against real frames. */
function lz4(data: Uint8Array, ...options: string[]): Uint8Array {
  const result = spawnSync('lz4', ['-c', '-q', ...options], { input: data, maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`lz4 failed: ${result.stderr}`);
  return new Uint8Array(result.stdout);
}

/** Text-like data that compresses (repeats near and far) with some noise, so every kind of sequence occurs. */
function sampleData(size: number): Uint8Array {
  const data = new Uint8Array(size);
  const random = seededRandom(12345);
  for (let index = 0; index < size; index += 1) {
    data[index] =
      random.int(7) === 0 ? random.int(256) : index >= 300 ? (data[index - 300] as number) : 97 + (index % 26);
  }
  return data;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

describe('LZ4 frames', () => {
  it('decodes what the lz4 tool writes: linked and independent blocks, checksums, content size, several blocks', () => {
    const data = sampleData(700_000);
    for (const options of [[], ['-BD'], ['-BI', '-B4'], ['-BD', '-B4', '--content-size'], ['-B4', '-BX', '-9']]) {
      expect(same(decompressLz4Frame(lz4(data, ...options)), data), options.join(' ')).toBe(true);
    }
  });

  it('decodes incompressible data (stored blocks), an empty input and two frames one after the other', () => {
    const noise = Uint8Array.from({ length: 100_000 }, (_, index) => (index * 2654435761) >>> 24);
    expect(same(decompressLz4Frame(lz4(noise, '-B4')), noise)).toBe(true);
    expect(decompressLz4Frame(lz4(new Uint8Array(0)))).toEqual(new Uint8Array(0));
    const a = sampleData(1000);
    const b = sampleData(2000);
    const both = new Uint8Array([...lz4(a), ...lz4(b)]);
    expect(decompressLz4Frame(both)).toEqual(new Uint8Array([...a, ...b]));
  });

  it('checks the frame’s checksums: a damaged header, block or content is refused', () => {
    const data = sampleData(200_000);
    const damage = (bytes: Uint8Array, at: number) => {
      const copy = Uint8Array.from(bytes);
      copy[at] = (copy[at] as number) ^ 0x55;
      return copy;
    };
    const withContentChecksum = lz4(data);
    expect(() => decompressLz4Frame(damage(withContentChecksum, 6))).toThrow(/header is damaged/);
    // A flipped literal decodes fine but changes the content; the content checksum catches it.
    const literal = withContentChecksum.indexOf(97, 12);
    expect(() => decompressLz4Frame(damage(withContentChecksum, literal))).toThrow(/content checksum does not match/);
    const withBlockChecksums = lz4(data, '-BX', '--no-frame-crc');
    expect(() => decompressLz4Frame(damage(withBlockChecksums, 40))).toThrow(/block is damaged/);
  });

  it('refuses data that is not an LZ4 frame, and a truncated frame, with a clear error', () => {
    expect(() => decompressLz4Frame(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(
      new Lz4FormatError('not LZ4 frame data (wrong magic number)'),
    );
    const frame = lz4(sampleData(50_000));
    expect(() => decompressLz4Frame(frame.subarray(0, frame.length - 100))).toThrow(/LZ4 data is truncated|LZ4 block/);
  });
});
