import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { prepareUserQuery } from './user-query.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

/** A database with a table `big` of three rows, open for writing: the checks must hold even there. */
function database(): Database.Database {
  const db = new Database(join(temporaryFolder('user-query'), 'project.sqlite'));
  db.exec("CREATE TABLE big (id INTEGER, name TEXT); INSERT INTO big VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  return db;
}

function refusal(db: Database.Database, sql: string): string {
  try {
    prepareUserQuery(db, sql);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${sql} to be refused`);
}

describe('user SQL', () => {
  it('accepts one query that reads, with a trailing semicolon or comment', () => {
    const db = database();
    for (const sql of [
      'SELECT count(*) FROM big',
      'SELECT count(*) FROM big;',
      'SELECT count(*) FROM big; -- how many',
      'SELECT count(*) FROM big /* how many */ ;',
      'WITH b AS (SELECT * FROM big) SELECT count(*) FROM b',
      'VALUES (3)',
    ])
      expect(prepareUserQuery(db, sql).pluck().get(), sql).toBe(3);
  });

  it('refuses SQL with a second statement before anything runs', () => {
    const db = database();
    for (const sql of [
      'SELECT * FROM big; DELETE FROM big',
      "SELECT 1; UPDATE big SET name = 'x'",
      'SELECT 1; SELECT 2',
      'SELECT 1; -- one\nDROP TABLE big',
    ])
      expect(refusal(db, sql), sql).toBe(
        'only one statement can run here, and this SQL holds more than one: keep a single query (SELECT, WITH … SELECT or VALUES)',
      );
    expect(db.prepare('SELECT group_concat(name) FROM big').pluck().get()).toBe('a,b,c');
  });

  it('refuses statements that write, however they start', () => {
    const db = database();
    for (const sql of [
      'DELETE FROM big',
      'WITH doomed AS (SELECT 1) DELETE FROM big',
      "INSERT INTO big VALUES (4, 'd') RETURNING *",
      'CREATE TEMP TABLE scratch (a)',
      'DROP TABLE big',
      'ANALYZE',
      'PRAGMA journal_mode = DELETE',
    ])
      expect(refusal(db, sql), sql).toBe(
        'only a query that reads (SELECT, WITH … SELECT or VALUES) can run here; this statement would change the project',
      );
    expect(db.prepare('SELECT count(*) FROM big').pluck().get()).toBe(3);
  });

  it('refuses statements that are not queries: PRAGMA, ATTACH, EXPLAIN, transactions, parameters', () => {
    const db = database();
    expect(refusal(db, 'PRAGMA table_info(big)')).toBe(
      'only a query (SELECT, WITH … SELECT or VALUES) can run here: near "PRAGMA": syntax error',
    );
    expect(refusal(db, 'PRAGMA writable_schema = 1')).toContain('near "PRAGMA": syntax error');
    expect(refusal(db, "ATTACH 'elsewhere.sqlite' AS elsewhere")).toContain('near "ATTACH": syntax error');
    expect(refusal(db, 'EXPLAIN SELECT 1')).toContain('near "EXPLAIN": syntax error');
    expect(refusal(db, 'BEGIN')).toContain('near "BEGIN": syntax error');
    expect(refusal(db, 'SELECT * FROM big WHERE id = ?')).toContain('parameters are not allowed in views');
    expect(db.prepare("SELECT count(*) FROM pragma_database_list WHERE name = 'elsewhere'").pluck().get()).toBe(0);
  });

  it('reports empty SQL and SQLite errors in words', () => {
    const db = database();
    expect(refusal(db, '  -- nothing here')).toBe(
      'the SQL holds no statement: write one query (SELECT, WITH … SELECT or VALUES)',
    );
    expect(refusal(db, 'SELEC 1')).toBe('SQL error: near "SELEC": syntax error');
    expect(refusal(db, 'SELECT nope FROM big')).toBe('SQL error: no such column: nope');
  });

  it('cannot load extensions: the SQL function is not authorized', () => {
    const db = database();
    const statement = prepareUserQuery(db, "SELECT load_extension('/tmp/anything.so')");
    expect(() => statement.get()).toThrow('not authorized');
  });
});
