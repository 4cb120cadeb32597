import type Database from 'better-sqlite3';
import type { ImportRecord } from '../../../shared/contract/schemas.js';

interface ImportRow {
  id: string;
  table_name: string;
  file: string;
  file_bytes: number;
  format: string;
  mode: string;
  status: string;
  rows_imported: number;
  rows_quarantined: number;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

/** Past imports, newest first. */
export function importHistory(db: Database.Database, limit = 200): ImportRecord[] {
  return (db.prepare('SELECT * FROM triad_imports ORDER BY started_at DESC LIMIT ?').all(limit) as ImportRow[]).map(
    (row): ImportRecord => ({
      id: row.id,
      table: row.table_name,
      file: row.file,
      fileBytes: row.file_bytes,
      format: row.format,
      mode: row.mode,
      status: row.status,
      rowsImported: row.rows_imported,
      rowsQuarantined: row.rows_quarantined,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      error: row.error,
    }),
  );
}
