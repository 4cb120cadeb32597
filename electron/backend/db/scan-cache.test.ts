import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withScanCache } from './scan-cache.js';

describe('withScanCache', () => {
  it('gives the connection a small cache while the work runs, then its own back, even when the work fails', async () => {
    const db = new Database(':memory:');
    db.pragma('cache_size = -8000');
    const during = await withScanCache(db, async () => db.pragma('cache_size', { simple: true }));
    expect(during).toBe(-4096);
    expect(db.pragma('cache_size', { simple: true })).toBe(-8000);
    await expect(
      withScanCache(db, async () => {
        throw new Error('no such view');
      }),
    ).rejects.toThrow('no such view');
    expect(db.pragma('cache_size', { simple: true })).toBe(-8000);
    db.close();
  });
});
