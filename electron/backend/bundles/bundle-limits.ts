export interface BundleLimits {
  /** The largest entry, uncompressed. */
  maxEntryBytes: number;
  /** All entries together, uncompressed. */
  maxTotalBytes: number;
  maxEntries: number;
  /**
   * The most an entry over a mebibyte, or the whole archive once it holds over a mebibyte, may
   * expand (uncompressed over compressed size).
   */
  maxCompressionRatio: number;
}

export const MIB = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxEntryBytes: 2048 * MIB,
  maxTotalBytes: 8192 * MIB,
  maxEntries: 10_000,
  maxCompressionRatio: 200,
};
