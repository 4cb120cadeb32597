import { CompressionType, compressionRegistry } from 'apache-arrow';
import { compressors } from 'hyparquet-compressors';
import { decompressLz4Frame } from './lz4-frame.js';

/**
 * Lets apache-arrow read record batches whose buffers are compressed (pyarrow and Feather v2
 * write LZ4 frames by default, or ZSTD): it ships no codecs of its own.
 */
export function registerArrowCodecs(): void {
  const zstd = compressors.ZSTD;
  if (!zstd) throw new Error('hyparquet-compressors has no ZSTD decoder');
  compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: decompressLz4Frame });
  // A ZSTD frame records its own size, so the length argument is not needed.
  compressionRegistry.set(CompressionType.ZSTD, { decode: (data) => aligned(zstd(data, 0)) });
}

/**
 * apache-arrow views a decompressed buffer as 64-bit values where the type has them, which needs
 * the buffer to start on an 8-byte boundary; the ZSTD decoder may return a view that does not.
 */
function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}
