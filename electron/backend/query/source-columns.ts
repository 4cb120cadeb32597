import type Database from 'better-sqlite3';
import { TriadError } from '../../../shared/contract/errors.js';
import type { FeatureViewDefinition } from '../../../shared/contract/feature-definitions.js';
import { type ColumnType, quoteIdentifier } from '../db/column-types.js';

export interface SourceColumn {
  name: string;
  type: ColumnType | null;
}

/** The timestamp columns a feature view declares, lower-cased (none for a table or a view not in the registry). */
function declaredTimeColumns(db: Database.Database, source: string): Set<string> {
  const row = db.prepare('SELECT definition FROM triad_feature_views WHERE name = ?').get(source) as
    | { definition: string }
    | undefined;
  if (!row) return new Set();
  const view = JSON.parse(row.definition) as FeatureViewDefinition;
  return new Set(
    [view.timestamp_field, view.created_timestamp_column]
      .filter((name): name is string => Boolean(name))
      .map((name) => name.toLowerCase()),
  );
}

/**
 * The columns of a user table or feature view with their logical types: a view's column has the
 * type of the table column it selects; one its SQL computes has none, unless it is the feature
 * view's timestamp_field or created_timestamp_column, which hold times (`triad apply` checks so).
 */
export function sourceColumns(db: Database.Database, source: string): SourceColumn[] {
  const exists = db
    .prepare(
      "SELECT type FROM sqlite_master WHERE name = ? AND type IN ('table', 'view') AND name NOT LIKE 'triad\\_%' ESCAPE '\\'",
    )
    .get(source);
  if (!exists) throw new TriadError('not_found', `there is no table or feature view named ${source}`);
  const typeOf = db.prepare('SELECT type FROM triad_columns WHERE table_name = ? AND name = ?');
  const timeColumns = declaredTimeColumns(db, source);
  return db
    .prepare(`SELECT * FROM ${quoteIdentifier(source)} LIMIT 0`)
    .columns()
    .map((column) => {
      const origin =
        column.table && column.column
          ? (typeOf.get(column.table, column.column) as { type: ColumnType } | undefined)
          : undefined;
      const computedTime = !origin && timeColumns.has(column.name.toLowerCase());
      return { name: column.name, type: origin?.type ?? (computedTime ? 'timestamp' : null) };
    });
}
