import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import type { Project } from './project.js';
import { createProject, openProject } from './project-folder.js';
import {
  discardStaged,
  liveStagingFor,
  ownerFolderOf,
  RETIRED_PREFIX,
  registerStaging,
  removeDeadOwnerFolders,
  removeStagingLeftovers,
  STAGING_PREFIX,
  stagingFolderOf,
} from './staging-tables.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const opened: Project[] = [];
afterEach(() => {
  for (const project of opened.splice(0)) project.close();
});

/** A process id that no process has: the kernel's pid range stops below it. */
const DEAD_PID = 2_147_483_646;

function project(): Project {
  const made = createProject(join(temporaryFolder('staging'), 'project'));
  opened.push(made);
  return made;
}

function stage(db: Project['db'], name: string, owner: string, pid: number, importId: string | null = null): void {
  db.exec(`CREATE TABLE ${name} (x INTEGER)`);
  registerStaging(db, name, 'events', { owner, importId });
  db.prepare('UPDATE triad_staging SET owner_pid = ? WHERE name = ?').run(pid, name);
}

const tables = (db: Project['db']) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'triad_%' ORDER BY name").pluck().all();

describe('staging tables', () => {
  it('removes the leftovers of a dead process at open, with its quarantine rows and running import, and keeps a live one', () => {
    const { db, path } = project();
    db.prepare(
      "INSERT INTO triad_imports (id, table_name, file, file_bytes, format, mode, status, started_at) VALUES ('imp', 'events', 'e.csv', 1, 'csv', 'replace', 'running', 'now')",
    ).run();
    db.prepare("INSERT INTO triad_quarantine (import_id, row_number, reason) VALUES ('imp', 3, 'not a number')").run();
    stage(db, `${STAGING_PREFIX}dead`, 'job-dead', DEAD_PID, 'imp');
    stage(db, `${STAGING_PREFIX}live`, 'job-live', process.ppid);
    db.exec(`CREATE TABLE ${STAGING_PREFIX}stray (x INTEGER); CREATE TABLE ${RETIRED_PREFIX}old (x INTEGER)`);
    opened.pop()?.close();

    const reopened = openProject(path);
    opened.push(reopened);
    expect(tables(reopened.db)).toContain(`${STAGING_PREFIX}live`);
    expect(tables(reopened.db)).not.toContain(`${STAGING_PREFIX}dead`);
    expect(tables(reopened.db)).not.toContain(`${STAGING_PREFIX}stray`);
    expect(tables(reopened.db)).not.toContain(`${RETIRED_PREFIX}old`);
    expect(reopened.db.prepare('SELECT owner FROM triad_staging').pluck().all()).toEqual(['job-live']);
    expect(reopened.db.prepare('SELECT count(*) FROM triad_quarantine').pluck().get()).toBe(0);
    expect(reopened.db.prepare("SELECT status, error FROM triad_imports WHERE id = 'imp'").get()).toEqual({
      status: 'failed',
      error: 'interrupted: the process importing it stopped before it finished',
    });
    expect(liveStagingFor(reopened.db, 'EVENTS')).toEqual(expect.objectContaining({ owner: 'job-live' }));
  });

  it('discards what one owner staged and nothing else', () => {
    const { db } = project();
    stage(db, `${STAGING_PREFIX}mine`, 'job-1', process.pid);
    stage(db, `${STAGING_PREFIX}theirs`, 'job-2', process.pid);
    expect(discardStaged(db, 'job-1', 'cancelled')).toBe(1);
    expect(tables(db)).not.toContain(`${STAGING_PREFIX}mine`);
    expect(tables(db)).toContain(`${STAGING_PREFIX}theirs`);
    expect(removeStagingLeftovers(db)).toBe(0);
    expect(liveStagingFor(db, 'other')).toBeNull();
  });

  it('removes the temporary files of a staging table it drops: a stopped writer, or a dead process', () => {
    const { db } = project();
    const withFiles = (name: string) => {
      mkdirSync(stagingFolderOf(name), { mode: 0o700 });
      writeFileSync(join(stagingFolderOf(name), '1.sqlite'), 'rows not copied in yet');
    };
    stage(db, `${STAGING_PREFIX}stopped`, 'job-1', process.pid);
    stage(db, `${STAGING_PREFIX}killed`, 'job-2', DEAD_PID);
    stage(db, `${STAGING_PREFIX}running`, 'job-3', process.pid);
    for (const name of ['stopped', 'killed', 'running']) withFiles(`${STAGING_PREFIX}${name}`);
    discardStaged(db, 'job-1', 'stopped');
    removeStagingLeftovers(db);
    expect(existsSync(stagingFolderOf(`${STAGING_PREFIX}stopped`))).toBe(false);
    expect(existsSync(stagingFolderOf(`${STAGING_PREFIX}killed`))).toBe(false);
    expect(existsSync(stagingFolderOf(`${STAGING_PREFIX}running`))).toBe(true);
    discardStaged(db, 'job-3', 'done with the test');
    expect(existsSync(stagingFolderOf(`${STAGING_PREFIX}running`))).toBe(false);
  });

  it("removes an owner's own folder (a bundle's extracted entries) when it discards what the owner staged", () => {
    const { db } = project();
    mkdirSync(join(ownerFolderOf('job-4'), 'entries'), { recursive: true });
    mkdirSync(ownerFolderOf('job-5'));
    discardStaged(db, 'job-4', 'stopped');
    expect(existsSync(ownerFolderOf('job-4'))).toBe(false);
    expect(existsSync(ownerFolderOf('job-5'))).toBe(true);
    discardStaged(db, 'job-5', 'done with the test');
    expect(ownerFolderOf('../outside')).toContain(`triad-owner-${process.pid}-..%2Foutside`);
  });

  it('removes the owner folders of processes that died, and keeps a live one', () => {
    const { db } = project();
    mkdirSync(join(ownerFolderOf('killed-import', DEAD_PID), 'entries'), { recursive: true });
    mkdirSync(ownerFolderOf('running-import'));
    removeDeadOwnerFolders();
    expect(existsSync(ownerFolderOf('killed-import', DEAD_PID))).toBe(false);
    expect(existsSync(ownerFolderOf('running-import'))).toBe(true);
    discardStaged(db, 'running-import', 'done with the test');
  });
});
