import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from './open-sqlite.js';
import { ReadSnapshot } from './read-snapshot.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ReadSnapshot', () => {
  let dir: string;
  let writer: Database.Database;
  let reader: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'triad-snapshot-'));
    writer = openSqlite(join(dir, 'db.sqlite'));
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)');
    reader = openSqlite(join(dir, 'db.sqlite'), { readonly: true });
  });

  afterEach(() => {
    reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = () => reader.prepare('SELECT count(*) FROM t').pluck().get() as number;

  it('reads one snapshot during its lease, and what was committed meanwhile once the lease ends', async () => {
    const snapshot = new ReadSnapshot(reader, 40);
    expect(snapshot.read(count)).toBe(1);
    writer.exec('INSERT INTO t VALUES (2)');
    expect(snapshot.read(count)).toBe(1);
    await sleep(60);
    expect(snapshot.read(count)).toBe(2);
    snapshot.release();
  });

  it('lets go of an idle snapshot, so a checkpoint can copy the whole log', async () => {
    const snapshot = new ReadSnapshot(reader, 20);
    snapshot.read(count);
    writer.exec('INSERT INTO t VALUES (2)');
    const [held] = writer.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(held?.checkpointed).toBeLessThan(held?.log ?? 0);
    await sleep(50);
    expect(reader.inTransaction).toBe(false);
    const [free] = writer.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(free?.checkpointed).toBe(free?.log);
  });

  it('sees everything committed after a release, and a failed read leaves the lease usable', () => {
    const snapshot = new ReadSnapshot(reader, 10_000);
    snapshot.read(count);
    writer.exec('INSERT INTO t VALUES (2)');
    snapshot.release();
    expect(reader.inTransaction).toBe(false);
    expect(snapshot.read(count)).toBe(2);
    expect(() => snapshot.read(() => reader.prepare('SELECT * FROM missing').get())).toThrow(/no such table/);
    expect(snapshot.read(count)).toBe(2);
    snapshot.release();
  });
});
