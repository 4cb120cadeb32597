import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * Files of the project folder (a pipeline's YAML, its scripts) that an import writes are recorded
 * in its database transaction, then written: the database and the files change together even when
 * the process stops between the two, since the next open writes what was left.
 */
export function recordPendingFile(db: Database.Database, importId: string, target: string, content: Uint8Array): void {
  db.prepare('INSERT OR REPLACE INTO triad_pending_files (import_id, target, content) VALUES (?, ?, ?)').run(
    importId,
    target,
    Buffer.from(content),
  );
}

function insideProject(projectDir: string, target: string): string | null {
  const path = resolve(projectDir, target);
  const inside = relative(projectDir, path);
  return inside.startsWith('..') || isAbsolute(inside) ? null : path;
}

/** Writes every recorded file (each whole, by rename) and forgets it; returns the project paths written. */
export function writePendingFiles(db: Database.Database, projectDir: string): string[] {
  const rows = db
    .prepare('SELECT import_id, target, content FROM triad_pending_files ORDER BY import_id, target')
    .all() as {
    import_id: string;
    target: string;
    content: Buffer;
  }[];
  const forget = db.prepare('DELETE FROM triad_pending_files WHERE import_id = ? AND target = ?');
  for (const row of rows) {
    const path = insideProject(projectDir, row.target);
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.${process.pid}.importing`);
      writeFileSync(temporary, row.content);
      renameSync(temporary, path);
    }
    forget.run(row.import_id, row.target);
  }
  return rows.map((row) => row.target);
}
