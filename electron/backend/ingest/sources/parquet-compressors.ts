import type { Compressors } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const snappy = compressors.SNAPPY;

/**
 * The page decompressors for Parquet. A DATA_PAGE_V2 whose values are all null holds no value bytes,
 * yet is marked compressed (Spark writes such pages); the Snappy decoder refuses empty input, so
 * empty input that should decompress to nothing is passed through.
 */
export const parquetCompressors: Compressors = {
  ...compressors,
  SNAPPY: (input, outputLength) =>
    input.length === 0 && outputLength === 0
      ? new Uint8Array(0)
      : (snappy as NonNullable<typeof snappy>)(input, outputLength),
};
