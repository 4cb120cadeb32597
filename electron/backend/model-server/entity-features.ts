import Database from 'better-sqlite3';
import type { EntityKey, OnlineLookup } from '../../../shared/contract/schemas.js';
import { openSqlite } from '../db/open-sqlite.js';
import { ReadSnapshot } from '../db/read-snapshot.js';
import { resolveService } from '../features/feature-registry.js';
import { OnlineReader } from '../features/online-retrieval.js';

/** How stale a call's features may be: what others commit shows within this many milliseconds. */
export const SNAPSHOT_LEASE_MS = 50;

/**
 * Reads features from the online store for calls by entity id, on the server thread's own
 * read-only connection: a read never waits on the app's writes (WAL), and the app's work never
 * runs on this thread. Calls share a snapshot for up to SNAPSHOT_LEASE_MS, so a lookup is an
 * indexed read and no locking; all entities of one call come from the same snapshot.
 */
export class EntityFeatures {
  private db: Database.Database | null = null;
  private snapshot: ReadSnapshot | null = null;
  private readonly readers = new Map<string, OnlineReader>();

  constructor(
    private readonly databaseFile: string,
    private readonly leaseMs = SNAPSHOT_LEASE_MS,
  ) {}

  private connection(): Database.Database {
    if (!this.db) {
      this.db = openSqlite(this.databaseFile, { readonly: true, fileMustExist: true });
      this.db.pragma('busy_timeout = 2000');
    }
    return this.db;
  }

  private reads(): ReadSnapshot {
    this.snapshot ??= new ReadSnapshot(this.connection(), this.leaseMs);
    return this.snapshot;
  }

  private reader(service: string): OnlineReader {
    let reader = this.readers.get(service);
    if (!reader) {
      reader = new OnlineReader(this.connection(), resolveService(this.connection(), service));
      this.readers.set(service, reader);
    }
    return reader;
  }

  keysNeeded(service: string): string[] {
    return this.reads().read(() => this.reader(service).keysNeeded());
  }

  /**
   * Each entity's lookup. A service redefined or rematerialized since the last call fails in
   * SQLite (a table or column its statements name is gone) and is read afresh once, in a new
   * snapshot; any other error (an entity key of the wrong type, say) is the caller's.
   */
  lookup(service: string, entities: EntityKey[], atMs: number): OnlineLookup[] {
    const lookUp = () => entities.map((entity) => this.reader(service).get(entity, atMs));
    try {
      return this.reads().read(lookUp);
    } catch (error) {
      if (!(error instanceof Database.SqliteError) || !this.readers.has(service)) throw error;
      this.readers.delete(service);
      this.reads().release();
      return this.reads().read(lookUp);
    }
  }

  close(): void {
    this.snapshot?.release();
    this.snapshot = null;
    this.readers.clear();
    this.db?.close();
    this.db = null;
  }
}
