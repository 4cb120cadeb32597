import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../shared/contract/errors.js';
import { BUSY_MESSAGE, errorBody } from './error-body.js';
import { temporaryFoldersCleanedAfterEachTest } from './test-support/temporary-folder.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('errorBody', () => {
  it('says the project is busy when another connection holds the write lock', () => {
    const file = join(temporaryFolder('busy'), 'busy.sqlite');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (x)');
    writer.exec('BEGIN IMMEDIATE');
    const other = new Database(file, { timeout: 0 });
    let thrown: unknown;
    try {
      other.exec('INSERT INTO t VALUES (1)');
    } catch (error) {
      thrown = error;
    }
    expect(errorBody(thrown)).toEqual({ code: 'unavailable', message: BUSY_MESSAGE });
    writer.exec('ROLLBACK');
    other.close();
    writer.close();
  });

  it('keeps a TriadError as it is, and reports anything else as internal with its message', () => {
    expect(errorBody(new TriadError('not_found', 'no table x'))).toEqual({ code: 'not_found', message: 'no table x' });
    expect(errorBody(new Error('disk on fire'))).toEqual({ code: 'internal', message: 'disk on fire' });
    expect(errorBody('odd')).toEqual({ code: 'internal', message: 'odd' });
  });
});
