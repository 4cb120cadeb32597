import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logCheckpointer } from './log-checkpointer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'triad-checkpointer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('logCheckpointer', () => {
  it("moves a writer's log into the database file while the writer stays open", () => {
    const file = join(dir, 'project.sqlite');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (n INTEGER, s TEXT)');
    const insert = writer.prepare('INSERT INTO t VALUES (?, ?)');
    writer.transaction(() => {
      for (let n = 0; n < 20_000; n += 1) insert.run(n, `row ${n}`);
    })();
    const before = statSync(file).size;
    const checkpointer = logCheckpointer(file);
    checkpointer.checkpoint();
    checkpointer.close();
    expect(statSync(file).size).toBeGreaterThan(before + 200_000);
    writer.close();
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT count(*), sum(n) FROM t').raw().get()).toEqual([20_000, 199_990_000]);
    reader.close();
  });

  it('leaves a database it cannot open alone, and does not try again', () => {
    const checkpointer = logCheckpointer(join(dir, 'missing.sqlite'));
    expect(() => checkpointer.checkpoint()).not.toThrow();
    expect(() => checkpointer.checkpoint()).not.toThrow();
    checkpointer.close();
  });
});
