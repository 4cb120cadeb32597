import type Database from 'better-sqlite3';
import { type ColumnType, quoteIdentifier, SQLITE_STORAGE } from '../ingest/column-types.js';
import type { ResolvedView } from './feature-registry.js';

/** Where a feature view's latest values per entity live: a catalog table next to the data. */
export function onlineTableName(view: string): string {
  return `triad_online__${view}`;
}

export const EVENT_COLUMN = '__event_ts';
export const CREATED_COLUMN = '__created_ts';

/** SQLite's storage for a view's column: its imported column's type, else the type its SQL declares. */
function columnAffinity(db: Database.Database, view: string, column: string): string {
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
 * other text as text. A typed key makes lookups compare as the key's type: the text '42'
 * finds the number 42 in an INTEGER key.
 */
function keyAffinity(db: Database.Database, view: string, key: string): string {
  const declared = columnAffinity(db, view, key);
  if (declared) return declared;
  const column = quoteIdentifier(key);
  const sample = db
    .prepare(`SELECT typeof(${column}) FROM ${quoteIdentifier(view)} WHERE ${column} IS NOT NULL LIMIT 1`)
    .pluck()
    .get() as string | undefined;
  return STORAGE_OF_VALUES[sample ?? ''] ?? 'NUMERIC';
}

/**
 * (Re)creates the online table when the view's keys or features changed, or when its keys were
 * stored without a type (tables made by earlier versions). Returns whether it is a new, empty
 * table: rows materialized before are then gone, and the next run has to read from the beginning.
 */
export function ensureOnlineTable(db: Database.Database, view: ResolvedView): boolean {
  const table = onlineTableName(view.name);
  const wanted = [...view.joinKeys, EVENT_COLUMN, CREATED_COLUMN, ...view.features];
  const existing = db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as {
    name: string;
    type: string;
  }[];
  const sameColumns =
    existing.length === wanted.length && existing.every((column, index) => column.name === wanted[index]);
  const keysTyped = existing.slice(0, view.joinKeys.length).every((column) => column.type !== '');
  if (sameColumns && keysTyped) return false;
  db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
  const columns = [
    ...view.joinKeys.map((key) => `${quoteIdentifier(key)} ${keyAffinity(db, view.name, key)}`),
    `${EVENT_COLUMN} INTEGER NOT NULL`,
    `${CREATED_COLUMN} INTEGER`,
    ...view.features.map((feature) => `${quoteIdentifier(feature)} ${columnAffinity(db, view.name, feature)}`),
  ];
  db.exec(
    `CREATE TABLE ${quoteIdentifier(table)} (${columns.join(', ')}, PRIMARY KEY (${view.joinKeys.map(quoteIdentifier).join(', ')})) WITHOUT ROWID`,
  );
  return true;
}
