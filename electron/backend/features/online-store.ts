import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import type { ResolvedView } from './feature-registry.js';
import { columnAffinity, keyAffinity } from './view-column-types.js';

/** Where a feature view's latest values per entity live: a catalog table next to the data. */
export function onlineTableName(view: string): string {
  return `triad_online__${view}`;
}

export const EVENT_COLUMN = '__event_ts';
export const CREATED_COLUMN = '__created_ts';

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
