import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_BINDING_ENV } from '../host-messages.js';

const requireAddon = createRequire(import.meta.url);

/**
 * The better-sqlite3 binary the host named, or undefined to let better-sqlite3 load its own
 * build. Loading it here first (Node caches the addon for better-sqlite3's own load) lets a
 * missing or mismatched binary say which file and which setting are at fault.
 */
export function hostSqliteBinding(env: NodeJS.ProcessEnv): string | undefined {
  const named = env[SQLITE_BINDING_ENV];
  if (!named) return undefined;
  const file = resolve(named);
  try {
    requireAddon(file);
  } catch (error) {
    throw new Error(
      `could not load the SQLite build named by ${SQLITE_BINDING_ENV} (${file}): ${(error as Error).message}. ` +
        'In a development checkout, `npm start` prepares it for Electron.',
    );
  }
  return file;
}

/** Every connection the backend opens goes through here, so it uses the binary built for the running host. */
export function openSqlite(file: string, options: Database.Options = {}): Database.Database {
  const nativeBinding = hostSqliteBinding(process.env);
  return new Database(file, nativeBinding ? { ...options, nativeBinding } : options);
}

export interface DatabaseHealth {
  /** SQLite's quick_check: 'ok', or what it found wrong. */
  check: string;
  journalMode: string;
  sqliteVersion: string;
}

/** What the feature-store service reports: the database's integrity, journal and SQLite version. */
export function databaseHealth(db: Database.Database): DatabaseHealth {
  return {
    check: String(db.pragma('quick_check', { simple: true })),
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    sqliteVersion: String(db.prepare('SELECT sqlite_version()').pluck().get()),
  };
}
