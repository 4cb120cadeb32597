import Database from 'better-sqlite3';
import type { EntityKey, OnlineLookup } from '../../../shared/contract/schemas.js';
import { openSqlite } from '../db/open-sqlite.js';
import { resolveService } from '../features/feature-registry.js';
import { OnlineReader } from '../features/online-retrieval.js';

/**
 * Reads features from the online store for calls by entity id, on the server thread's own
 * read-only connection: a read never waits on the app's writes (WAL), and the app's work never
 * runs on this thread.
 */
export class EntityFeatures {
  private db: Database.Database | null = null;
  private readonly readers = new Map<string, OnlineReader>();

  constructor(private readonly databaseFile: string) {}

  private connection(): Database.Database {
    if (!this.db) {
      this.db = openSqlite(this.databaseFile, { readonly: true, fileMustExist: true });
      this.db.pragma('busy_timeout = 2000');
    }
    return this.db;
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
    return this.reader(service).keysNeeded();
  }

  /**
   * Each entity's lookup. A service redefined or rematerialized since the last call fails in
   * SQLite (a table or column its statements name is gone) and is read afresh once; any other
   * error (an entity key of the wrong type, say) is the caller's.
   */
  lookup(service: string, entities: EntityKey[], atMs: number): OnlineLookup[] {
    try {
      return entities.map((entity) => this.reader(service).get(entity, atMs));
    } catch (error) {
      if (!(error instanceof Database.SqliteError) || !this.readers.has(service)) throw error;
      this.readers.delete(service);
      return entities.map((entity) => this.reader(service).get(entity, atMs));
    }
  }

  close(): void {
    this.readers.clear();
    this.db?.close();
    this.db = null;
  }
}
