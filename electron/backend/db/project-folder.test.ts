import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { thrownTriadError } from '../../../shared/test-support/refusals.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { SUPPORTED_SCHEMA_VERSION } from './migrations.js';
import { readProjectFacts } from './project-facts.js';
import { createProject, DATABASE_FILE, openProject, PROJECT_PAGE_BYTES } from './project-folder.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(entry.name);
    if (entry.isFile()) hash.update(readFileSync(join(dir, entry.name)));
  }
  return hash.digest('hex');
}

describe('project folders', () => {
  it('creates a project with a WAL database, foreign keys on, and an artifacts folder', () => {
    const dir = join(temporaryFolder(), 'churn');
    const project = createProject(dir, 'Churn');
    expect(project.info(false)).toMatchObject({ name: 'Churn', path: dir, schemaVersion: SUPPORTED_SCHEMA_VERSION });
    expect(project.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(project.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(project.db.pragma('page_size', { simple: true })).toBe(PROJECT_PAGE_BYTES);
    expect(existsSync(join(dir, 'artifacts'))).toBe(true);
    expect(existsSync(join(dir, `${DATABASE_FILE}.creating`))).toBe(false);
    project.close();
  });

  it('reopens a project and sees what was stored', () => {
    const dir = join(temporaryFolder(), 'p');
    const created = createProject(dir);
    created.db.exec('CREATE TABLE trips (id INTEGER, km REAL); INSERT INTO trips VALUES (1, 2.5), (2, 7)');
    created.close();
    const reopened = openProject(dir);
    expect(reopened.info(false).name).toBe('p');
    expect(readProjectFacts(reopened).tables).toEqual([{ name: 'trips', rows: 2 }]);
    reopened.close();
  });

  it('refuses a path that does not exist', () => {
    const error = thrownTriadError(() => openProject('/no/such/folder/anywhere'));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('There is no folder at /no/such/folder/anywhere');
  });

  it('refuses a file given as a project folder', () => {
    const file = join(temporaryFolder(), 'notes.txt');
    writeFileSync(file, 'hello');
    expect(thrownTriadError(() => openProject(file)).message).toBe(`${file} is a file, not a project folder.`);
  });

  it('refuses a folder without a database and writes nothing into it', () => {
    const dir = temporaryFolder();
    writeFileSync(join(dir, 'data.csv'), 'a,b\n1,2\n');
    const error = thrownTriadError(() => openProject(dir));
    expect(error.code).toBe('not_a_project');
    expect(error.message).toContain('it has no triad.sqlite');
    expect(readdirSync(dir)).toEqual(['data.csv']);
  });

  it('refuses a triad.sqlite that is not a SQLite database', () => {
    const dir = temporaryFolder();
    writeFileSync(join(dir, DATABASE_FILE), 'this is text, not a database');
    const before = fingerprint(dir);
    expect(thrownTriadError(() => openProject(dir)).message).toContain('is not a SQLite database');
    expect(fingerprint(dir)).toBe(before);
  });

  it('refuses a SQLite database that Triad did not make', () => {
    const dir = temporaryFolder();
    const db = new Database(join(dir, DATABASE_FILE));
    db.exec('CREATE TABLE other (x)');
    db.close();
    const before = fingerprint(dir);
    expect(thrownTriadError(() => openProject(dir)).message).toContain(
      'is a SQLite database but not a Triad project (it was made by another program)',
    );
    expect(fingerprint(dir)).toBe(before);
  });

  it('refuses a project written by a newer Triad and changes nothing', () => {
    const dir = join(temporaryFolder(), 'future');
    createProject(dir).close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.prepare('INSERT INTO triad_schema_migrations VALUES (?, ?, ?)').run(
      SUPPORTED_SCHEMA_VERSION + 5,
      'future',
      'later',
    );
    db.pragma(`user_version = ${SUPPORTED_SCHEMA_VERSION + 5}`);
    db.close();
    const before = fingerprint(dir);
    const error = thrownTriadError(() => openProject(dir));
    expect(error.code).toBe('newer_schema');
    expect(error.message).toContain(`schema version ${SUPPORTED_SCHEMA_VERSION + 5}`);
    expect(error.message).toContain('nothing was changed');
    expect(fingerprint(dir)).toBe(before);
  });

  it('trusts the catalog over a header that lags behind it', () => {
    const dir = join(temporaryFolder(), 'lagging');
    createProject(dir).close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.prepare('INSERT INTO triad_schema_migrations VALUES (?, ?, ?)').run(
      SUPPORTED_SCHEMA_VERSION + 1,
      'future',
      'later',
    );
    db.close();
    expect(thrownTriadError(() => openProject(dir)).code).toBe('newer_schema');
  });

  it('refuses to create a project over an existing one or in a non-empty folder', () => {
    const dir = join(temporaryFolder(), 'taken');
    createProject(dir).close();
    expect(thrownTriadError(() => createProject(dir)).message).toContain('already holds a Triad project');
    const busy = temporaryFolder();
    mkdirSync(join(busy, 'src'));
    expect(thrownTriadError(() => createProject(busy)).message).toContain('is not empty');
    expect(readdirSync(busy)).toEqual(['src']);
  });
});
