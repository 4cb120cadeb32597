import type Database from 'better-sqlite3';
import { type ColumnType, quoteIdentifier, SQLITE_STORAGE } from '../ingest/column-types.js';
import type { ResolvedView } from './feature-registry.js';

/** Where a feature view's latest values per entity live: a catalog table next to the data. */
export function onlineTableName(view: string): string {
  return `triad_online__${view}`;
}

export const EVENT_COLUMN = '__event_ts';
export const CREATED_COLUMN = '__created_ts';

function columnAffinity(db: Database.Database, view: string, column: string): string {
  const origin = db.prepare(`SELECT ${quoteIdentifier(column)} FROM ${quoteIdentifier(view)} LIMIT 0`).columns()[0];
  if (!origin?.table || !origin.column) return '';
  const row = db
    .prepare('SELECT type FROM triad_columns WHERE table_name = ? AND name = ?')
    .get(origin.table, origin.column) as { type: ColumnType } | undefined;
  return row ? SQLITE_STORAGE[row.type] : '';
}

/**
 * (Re)creates the online table when the view's keys or features changed: keys take the
 * affinity of their source column, so an id typed as text on the command line still matches.
 */
export function ensureOnlineTable(db: Database.Database, view: ResolvedView): void {
  const table = onlineTableName(view.name);
  const wanted = [...view.joinKeys, EVENT_COLUMN, CREATED_COLUMN, ...view.features];
  const existing = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
    (column) => column.name,
  );
  if (existing.length === wanted.length && existing.every((name, index) => name === wanted[index])) return;
  db.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
  const columns = [
    ...view.joinKeys.map((key) => `${quoteIdentifier(key)} ${columnAffinity(db, view.name, key)}`),
    `${EVENT_COLUMN} INTEGER NOT NULL`,
    `${CREATED_COLUMN} INTEGER`,
    ...view.features.map((feature) => `${quoteIdentifier(feature)} ${columnAffinity(db, view.name, feature)}`),
  ];
  db.exec(
    `CREATE TABLE ${quoteIdentifier(table)} (${columns.join(', ')}, PRIMARY KEY (${view.joinKeys.map(quoteIdentifier).join(', ')})) WITHOUT ROWID`,
  );
}
