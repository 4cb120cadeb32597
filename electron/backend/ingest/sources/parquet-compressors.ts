import type { Compressors } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ZSTDDecoder } from 'zstddec';

const snappy = compressors.SNAPPY;
// Zstandard's own decoder compiled to WebAssembly: hyparquet-compressors' JavaScript one is
// recompiled by V8 again and again as each new kind of block reaches it (over 300 ms of
// compilation for flights-3m), and decodes slower.
const zstd = new ZSTDDecoder();

/** Readies the decompressors (the ZSTD decoder is compiled once per thread): await it before reading pages. */
export function parquetCompressorsReady(): Promise<void> {
  // Where fetch exists, zstddec reads its WebAssembly through fetch() of a data: URL, and a
  // thread's first fetch loads Node's whole HTTP client (50-80 ms); without it, zstddec decodes the
  // same base64 itself. init() looks at fetch only synchronously, and returns the same promise after.
  const global = globalThis as { fetch?: typeof globalThis.fetch | undefined };
  const fetchBefore = global.fetch;
  global.fetch = undefined;
  try {
    return zstd.init();
  } finally {
    global.fetch = fetchBefore;
  }
}

/**
 * The page decompressors for Parquet. A DATA_PAGE_V2 whose values are all null holds no value bytes,
 * yet is marked compressed (Spark writes such pages); the Snappy decoder refuses empty input, so
 * empty input that should decompress to nothing is passed through. A ZSTD page that does not
 * decompress to the size its header gives is damaged.
 */
export const parquetCompressors: Compressors = {
  ...compressors,
  SNAPPY: (input, outputLength) =>
    input.length === 0 && outputLength === 0
      ? new Uint8Array(0)
      : (snappy as NonNullable<typeof snappy>)(input, outputLength),
  ZSTD: (input, outputLength) => {
    const output = zstd.decode(input, outputLength);
    if (output.length !== outputLength)
      throw new Error(`a ZSTD page decompressed to ${output.length} bytes where its header says ${outputLength}`);
    return output;
  },
};
