import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { quoteIdentifier } from './column-types.js';
import { isProcessAlive } from './process-liveness.js';

/**
 * Long writes (an import, a large materialization) build their table under a staging name in
 * short transactions, then swap it in with one short transaction, so other writers never wait
 * long. Each staging table is registered with its owner, so leftovers of a killed process can be
 * told from the work of a process still running.
 */
export const STAGING_PREFIX = 'triad_staging_';
/** A table swapped out, dropped right after the swap (or at the next open if the process died). */
export const RETIRED_PREFIX = 'triad_retired_';

export interface StagingOwner {
  /** The caller's token, such as its job id. */
  owner: string;
  /** The import whose quarantine rows and record go with the staging table. */
  importId: string | null;
}

export const stagingName = (prefix = STAGING_PREFIX) =>
  `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

/**
 * The folder of the temporary files written to fill a staging table (an import's load files), so
 * that whoever drops the table removes them too, even when the writer was stopped mid-way.
 */
export function stagingFolderOf(staging: string): string {
  return join(tmpdir(), `triad-load-${staging}`);
}

const OWNER_FOLDER_PREFIX = 'triad-owner-';

/**
 * A folder for an owner's temporary files (a bundle import's extracted entries), removed with
 * what the owner staged (`discardStaged`), so a stopped job leaves none behind; named with this
 * process's id, so the folders of a process that died are found (removeDeadOwnerFolders).
 */
export function ownerFolderOf(owner: string, pid = process.pid): string {
  return join(tmpdir(), `${OWNER_FOLDER_PREFIX}${pid}-${encodeURIComponent(owner)}`);
}

/**
 * Removes the folders of owners whose process died (a killed bundle import's extracted entries).
 * Called when an owner is about to make its own folder, not at every open: it lists the system's
 * temporary folder.
 */
export function removeDeadOwnerFolders(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(OWNER_FOLDER_PREFIX)) continue;
    const pid = Number.parseInt(name.slice(OWNER_FOLDER_PREFIX.length), 10);
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid))
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** Registers a staging table; call it in the transaction that creates the table. */
export function registerStaging(db: Database.Database, name: string, target: string, owner: StagingOwner): void {
  db.prepare(
    'INSERT INTO triad_staging (name, target, owner, owner_pid, import_id, started_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(name, target, owner.owner, process.pid, owner.importId, new Date().toISOString());
}

/** The import record of a live process building `target`, if one is. */
export function liveStagingFor(db: Database.Database, target: string): { owner: string } | null {
  const rows = db.prepare('SELECT owner, owner_pid FROM triad_staging WHERE target = ? COLLATE NOCASE').all(target) as {
    owner: string;
    owner_pid: number;
  }[];
  return rows.find((row) => isProcessAlive(row.owner_pid)) ?? null;
}

/** Forgets a staging table that was swapped in (call it inside the swap's transaction). */
export function unregisterStaging(db: Database.Database, name: string): void {
  db.prepare('DELETE FROM triad_staging WHERE name = ?').run(name);
}

interface StagingRow {
  name: string;
  import_id: string | null;
  owner_pid: number;
}

function discard(db: Database.Database, rows: readonly StagingRow[], reason: string): number {
  const drop = db.transaction((row: StagingRow) => {
    db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(row.name)}`);
    db.prepare('DELETE FROM triad_staging WHERE name = ?').run(row.name);
    if (row.import_id === null) return;
    db.prepare('DELETE FROM triad_quarantine WHERE import_id = ?').run(row.import_id);
    db.prepare(
      "UPDATE triad_imports SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'running'",
    ).run(reason, new Date().toISOString(), row.import_id);
  });
  for (const row of rows) {
    drop.immediate(row);
    rmSync(stagingFolderOf(row.name), { recursive: true, force: true });
  }
  return rows.length;
}

/** Drops what an owner staged, and its folder: after its thread was stopped before it could clean up itself. */
export function discardStaged(db: Database.Database, owner: string, reason: string): number {
  const rows = db
    .prepare('SELECT name, import_id, owner_pid FROM triad_staging WHERE owner = ?')
    .all(owner) as StagingRow[];
  const discarded = discard(db, rows, reason);
  rmSync(ownerFolderOf(owner), { recursive: true, force: true });
  return discarded;
}

/**
 * Removes the leftovers of processes that died while writing: their staging tables (and the
 * quarantine rows and running import records that went with them), unregistered staging tables,
 * and swapped-out tables. Work of live processes is left alone.
 */
export function removeStagingLeftovers(db: Database.Database): number {
  const registered = db.prepare('SELECT name, import_id, owner_pid FROM triad_staging').all() as StagingRow[];
  const dead = registered.filter((row) => !isProcessAlive(row.owner_pid));
  let removed = discard(db, dead, 'interrupted: the process importing it stopped before it finished');
  const known = new Set(registered.map((row) => row.name));
  const strays = (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '${STAGING_PREFIX}%' OR name LIKE '${RETIRED_PREFIX}%')`,
      )
      .all() as { name: string }[]
  ).filter(
    (row) => !known.has(row.name) && (row.name.startsWith(STAGING_PREFIX) || row.name.startsWith(RETIRED_PREFIX)),
  );
  for (const stray of strays) {
    db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(stray.name)}`);
    rmSync(stagingFolderOf(stray.name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
