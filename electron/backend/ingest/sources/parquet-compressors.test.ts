import { afterEach, describe, expect, it, vi } from 'vitest';
import { parquetCompressors, parquetCompressorsReady } from './parquet-compressors.js';

// `printf 'Triad reads ZSTD pages' | zstd -c`: one frame holding its content size.
const FRAME = Uint8Array.from([
  40, 181, 47, 253, 4, 88, 177, 0, 0, 84, 114, 105, 97, 100, 32, 114, 101, 97, 100, 115, 32, 90, 83, 84, 68, 32, 112,
  97, 103, 101, 115, 203, 9, 55, 48,
]);
const TEXT = 'Triad reads ZSTD pages';

describe('parquetCompressors', () => {
  afterEach(() => vi.restoreAllMocks());

  it('readies the ZSTD decoder without fetch, and leaves fetch as it was', async () => {
    const original = globalThis.fetch;
    const fetched = vi.spyOn(globalThis, 'fetch');
    await parquetCompressorsReady();
    expect(fetched).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(globalThis.fetch).toBe(original);
    const zstd = parquetCompressors.ZSTD as NonNullable<typeof parquetCompressors.ZSTD>;
    expect(Buffer.from(zstd(FRAME, TEXT.length)).toString()).toBe(TEXT);
  });

  it('refuses a ZSTD page that decompresses to another size than its header says', async () => {
    await parquetCompressorsReady();
    const zstd = parquetCompressors.ZSTD as NonNullable<typeof parquetCompressors.ZSTD>;
    expect(() => zstd(FRAME, TEXT.length + 5)).toThrow(/decompressed to 22 bytes where its header says 27/);
  });
});
