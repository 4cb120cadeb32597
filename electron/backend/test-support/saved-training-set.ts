import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { expect } from 'vitest';

/**
 * A training table and its latest record, checked to agree: the table's rows, the catalog's count
 * and the snapshot file's hash are what the record says. Returns what a test compares next.
 */
export function savedTrainingSet(
  db: Database.Database,
  projectDir: string,
  table: string,
): { entityTable: string; rows: number } {
  const record = db
    .prepare(
      'SELECT entity_table, row_count, content_hash, artifact FROM triad_training_sets WHERE table_name = ? ORDER BY created_at DESC, rowid DESC',
    )
    .get(table) as { entity_table: string; row_count: number; content_hash: string; artifact: string };
  const rows = db
    .prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`)
    .pluck()
    .get() as number;
  const catalogued = db.prepare('SELECT row_count FROM triad_tables WHERE name = ?').pluck().get(table);
  const snapshotHash = createHash('sha256')
    .update(readFileSync(join(projectDir, record.artifact)))
    .digest('hex');
  expect({ rows, catalogued, snapshotHash }).toEqual({
    rows: record.row_count,
    catalogued: record.row_count,
    snapshotHash: record.content_hash,
  });
  return { entityTable: record.entity_table, rows };
}
