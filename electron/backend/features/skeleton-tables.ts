import type Database from 'better-sqlite3';
import { quoteIdentifier } from '../db/column-types.js';
import { idCandidates, type SkeletonTable } from './definitions-skeleton.js';

/**
 * The project's data tables (training sets left out: they are made from features) with the id
 * columns that really hold one distinct, non-null value per row.
 */
export function skeletonTables(db: Database.Database): SkeletonTable[] {
  const tables = db
    .prepare(
      'SELECT name FROM triad_tables WHERE name NOT IN (SELECT table_name FROM triad_training_sets) COLLATE NOCASE ORDER BY name',
    )
    .pluck()
    .all() as string[];
  const columns = db.prepare('SELECT name, type FROM triad_columns WHERE table_name = ? ORDER BY position');
  return tables.map((table) => {
    const tableColumns = columns.all(table) as { name: string; type: string }[];
    const uniqueIds = idCandidates(tableColumns).filter((column) => {
      const name = quoteIdentifier(column);
      return (
        db
          .prepare(
            `SELECT count(*) = count(${name}) AND count(${name}) = count(DISTINCT ${name}) FROM ${quoteIdentifier(table)}`,
          )
          .pluck()
          .get() === 1
      );
    });
    return { name: table, columns: tableColumns, uniqueIds };
  });
}
