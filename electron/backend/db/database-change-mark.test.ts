import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { databaseChangeMark } from './database-change-mark.js';
import { openSqlite } from './open-sqlite.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('the database change mark', () => {
  it('stays while nothing is written and moves on a write by this connection or a commit by another', () => {
    const file = join(temporaryFolder('mark-'), 'data.sqlite');
    const db = openSqlite(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x INTEGER)');
    const other = openSqlite(file);
    const mark = databaseChangeMark(db);

    const idle = mark();
    db.prepare('SELECT count(*) FROM t').get();
    other.prepare('SELECT count(*) FROM t').get();
    expect(mark()).toBe(idle);

    db.prepare('INSERT INTO t VALUES (1)').run();
    const afterOwnWrite = mark();
    expect(afterOwnWrite).not.toBe(idle);

    other.prepare('INSERT INTO t VALUES (2)').run();
    expect(mark()).not.toBe(afterOwnWrite);
    other.close();
    db.close();
  });
});
