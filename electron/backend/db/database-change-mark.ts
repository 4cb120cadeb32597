import type Database from 'better-sqlite3';

/**
 * A mark that moves whenever the database may have changed: another connection committed
 * (`PRAGMA data_version`) or this connection wrote (`total_changes()`, which data_version does not
 * count). Equal marks mean nothing was written in between, so a follower can skip its work.
 */
export function databaseChangeMark(db: Database.Database): () => string {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  return () => `${dataVersion.get()} ${totalChanges.get()}`;
}
