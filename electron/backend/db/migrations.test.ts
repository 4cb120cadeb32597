import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  appliedSchemaVersion,
  MIGRATIONS,
  migrate,
  SUPPORTED_SCHEMA_VERSION,
  TRIAD_APPLICATION_ID,
} from './migrations.js';

function tableNames(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((row) => row.name);
}

describe('migrations', () => {
  it('brings an empty database to the supported version and records every step', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(SUPPORTED_SCHEMA_VERSION);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining([
        'triad_schema_migrations',
        'triad_project',
        'triad_feature_views',
        'triad_runs',
        'triad_models',
        'triad_trusted_keys',
        'triad_project_settings',
      ]),
    );
    const recorded = db.prepare('SELECT version, name FROM triad_schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(db.pragma('user_version', { simple: true })).toBe(SUPPORTED_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(TRIAD_APPLICATION_ID);
  });

  it('does nothing the second time', () => {
    const db = new Database(':memory:');
    migrate(db);
    const before = tableNames(db);
    expect(migrate(db)).toBe(SUPPORTED_SCHEMA_VERSION);
    expect(tableNames(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM triad_schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
  });

  it('applies only the steps a database has not seen', () => {
    const db = new Database(':memory:');
    migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x)' }]);
    const version = migrate(db, [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (y)' },
    ]);
    expect(version).toBe(2);
    expect(tableNames(db)).toEqual(['a', 'b', 'triad_schema_migrations']);
  });

  it('rolls every step back when one fails, naming the step', () => {
    const db = new Database(':memory:');
    migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x)' }]);
    expect(() =>
      migrate(db, [
        { version: 1, name: 'one', sql: 'CREATE TABLE a (x)' },
        { version: 2, name: 'two', sql: 'CREATE TABLE b (y)' },
        { version: 3, name: 'broken', sql: 'CREATE TABLE c (z); INSERT INTO missing VALUES (1)' },
      ]),
    ).toThrow('schema migration 3 (broken) failed: no such table: missing');
    expect(appliedSchemaVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['a', 'triad_schema_migrations']);
  });
});
