import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import { openPredictionLog } from './prediction-log-store.js';

/**
 * The backend's one read/write connection to a project's prediction log: opened on first use
 * (making the file and its schema once) and kept until the project closes, so the dashboards,
 * refreshed every few seconds, and the drift checks do not open the file on every call.
 */
export class PredictionLogConnection {
  private db: Database.Database | null = null;
  private closed = false;

  constructor(private readonly projectDir: string) {}

  use<T>(work: (db: Database.Database) => T): T {
    // Work still under way when its project closed must not reopen the log behind the session's back.
    if (this.closed)
      throw new TriadError('unavailable', 'the project was closed: its prediction log is no longer open');
    this.db ??= openPredictionLog(this.projectDir);
    return work(this.db);
  }

  /** Closes the connection for good. */
  close(): void {
    this.closed = true;
    this.db?.close();
    this.db = null;
  }
}
