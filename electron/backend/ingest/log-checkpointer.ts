import type Database from 'better-sqlite3';
import { openSqlite } from '../db/open-sqlite.js';

/**
 * Checkpoints a WAL database's log on a connection of its own: passive (it never waits for a lock
 * and never stops a writer), so a writer that leaves its log to grow can have it moved into the
 * database file on another thread. A database it cannot open or checkpoint is left as it is: the
 * writer's own checkpoints then do the work.
 */
export function logCheckpointer(file: string) {
  let db: Database.Database | null = null;
  let failed = false;
  return {
    checkpoint(): void {
      if (failed) return;
      try {
        db ??= openSqlite(file, { fileMustExist: true });
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        failed = true;
      }
    },
    close(): void {
      db?.close();
      db = null;
    },
  };
}
