import type Database from 'better-sqlite3';

/**
 * Reads on one connection that share a read transaction for up to `leaseMs`. A statement outside
 * a transaction takes and drops the database's shared lock and finds its place in the log each
 * time (system calls that cost more than a small indexed read); inside one, reads see the
 * snapshot the first of them opened. The snapshot is let go when the lease ends, whether or not
 * reads continue, so a read sees what others committed at most `leaseMs` earlier, and an idle
 * connection never holds back the log's checkpoints.
 *
 * The connection must be this object's alone: anything else run on it would join the transaction.
 */
export class ReadSnapshot {
  private openedAt = 0;
  private expiry: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly leaseMs: number,
  ) {}

  /** Runs `read` in the current snapshot, first opening a new one if none is open or its lease has ended. */
  read<T>(read: () => T): T {
    const now = performance.now();
    if (this.db.inTransaction && now - this.openedAt >= this.leaseMs) this.release();
    if (!this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.openedAt = now;
      this.expiry = setTimeout(() => this.release(), this.leaseMs);
      this.expiry.unref();
    }
    return read();
  }

  /** Ends the snapshot now: the next read sees everything committed so far. */
  release(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = null;
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }
}
