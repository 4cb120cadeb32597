import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_BINDING_ENV } from '../host-messages.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { hostSqliteBinding, openSqlite } from './open-sqlite.js';
import { createProject, openProject } from './project-folder.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const require = createRequire(import.meta.url);
const nodeBuild = join(require.resolve('better-sqlite3/package.json'), '..', 'build', 'Release', 'better_sqlite3.node');

afterEach(() => {
  delete process.env[SQLITE_BINDING_ENV];
});

describe('the SQLite binary each host uses', () => {
  it('leaves better-sqlite3 to load its own build when the host names none (the CLI, tests, web mode)', () => {
    expect(hostSqliteBinding({})).toBeUndefined();
    const db = openSqlite(':memory:');
    expect(db.prepare('SELECT 1 + 1 AS two').get()).toEqual({ two: 2 });
    db.close();
  });

  it('opens projects through the binary the host names, kept in its own folder', () => {
    const binding = join(temporaryFolder(), 'better_sqlite3.node');
    copyFileSync(nodeBuild, binding);
    process.env[SQLITE_BINDING_ENV] = binding;
    const dir = join(temporaryFolder(), 'p');
    createProject(dir, 'Named build').close();
    const project = openProject(dir);
    expect(project.info(false).name).toBe('Named build');
    project.close();
    expect(require.cache[binding]).toBeDefined();
  });

  it('says which file and which setting are at fault when the named binary is missing', () => {
    const missing = join(temporaryFolder(), 'electron-150', 'better_sqlite3.node');
    expect(() => hostSqliteBinding({ [SQLITE_BINDING_ENV]: missing })).toThrow(
      `could not load the SQLite build named by ${SQLITE_BINDING_ENV} (${missing}): Cannot find module`,
    );
  });

  it('refuses a named file that is not a native addon, before any project is touched', () => {
    const junk = join(temporaryFolder(), 'better_sqlite3.node');
    writeFileSync(junk, 'not a shared library');
    process.env[SQLITE_BINDING_ENV] = junk;
    const database = join(temporaryFolder(), 'x.sqlite');
    expect(() => openSqlite(database)).toThrow(
      /could not load the SQLite build named by TRIAD_SQLITE_BINDING .*`npm start` prepares it for Electron/,
    );
    expect(existsSync(database)).toBe(false);
  });
});
