import type Database from 'better-sqlite3';

/**
 * The page cache of a connection that scans tables once, in KiB: a few pages do (more for a view
 * that joins). better-sqlite3's default of 16 MB would be that much fresh memory to fill, and the
 * first touch of a page costs ~10 µs on some machines.
 */
const SCAN_CACHE_KIB = 4096;

/** Gives a connection that only scans the cache it needs. */
export function setScanCache(db: Database.Database): void {
  db.pragma(`cache_size = -${SCAN_CACHE_KIB}`);
}

/** Runs `work` with a scan's cache on a connection others use too, then gives it back its own. */
export async function withScanCache<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
  const own = db.pragma('cache_size', { simple: true }) as number;
  setScanCache(db);
  try {
    return await work();
  } finally {
    db.pragma(`cache_size = ${own}`);
  }
}
