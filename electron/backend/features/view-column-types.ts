import type Database from 'better-sqlite3';
import { type ColumnType, quoteIdentifier, SQLITE_STORAGE } from '../db/column-types.js';

/** SQLite's storage for a view's column: its imported column's type, else the type its SQL declares. */
export function columnAffinity(db: Database.Database, view: string, column: string): string {
  const origin = db.prepare(`SELECT ${quoteIdentifier(column)} FROM ${quoteIdentifier(view)} LIMIT 0`).columns()[0];
  if (!origin?.table || !origin.column) return '';
  const row = db
    .prepare('SELECT type FROM triad_columns WHERE table_name = ? AND name = ?')
    .get(origin.table, origin.column) as { type: ColumnType } | undefined;
  // A column the catalog does not know (e.g. `rowid AS id`) still has the type SQLite declares for it.
  return row ? SQLITE_STORAGE[row.type] : (origin.type ?? '');
}

const STORAGE_OF_VALUES: Record<string, string> = { integer: 'INTEGER', real: 'REAL', text: 'TEXT' };

/**
 * A join key's storage: as its column's (see columnAffinity), else as the values the view
 * computes (e.g. `user_id || ''` is text), else NUMERIC, which keeps numbers as numbers and
 * other text as text. Online lookups and training-set joins compare keys as this type: the text '42'
 * finds the number 42 in an INTEGER key.
 */
export function keyAffinity(db: Database.Database, view: string, key: string): string {
  const declared = columnAffinity(db, view, key);
  if (declared) return declared;
  const column = quoteIdentifier(key);
  const sample = db
    .prepare(`SELECT typeof(${column}) FROM ${quoteIdentifier(view)} WHERE ${column} IS NOT NULL LIMIT 1`)
    .pluck()
    .get() as string | undefined;
  return STORAGE_OF_VALUES[sample ?? ''] ?? 'NUMERIC';
}
