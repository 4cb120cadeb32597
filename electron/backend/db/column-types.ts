import type { ColumnSpec } from '../../../shared/contract/schemas.js';
/** The logical column types of a project table, and how SQLite stores each. */
export const COLUMN_TYPES = ['integer', 'real', 'text', 'boolean', 'timestamp', 'date', 'json', 'binary'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** The declared types of a project table's columns, which set how SQLite stores their values. */
export type SqliteStorage = 'INTEGER' | 'REAL' | 'TEXT' | 'BLOB';

/**
 * Timestamps and dates are stored as integer milliseconds since the Unix epoch (UTC; a date is
 * its midnight): comparisons and TTL arithmetic in point-in-time joins stay integer operations.
 * Booleans are 0/1, JSON is text.
 */
export const SQLITE_STORAGE: Record<ColumnType, SqliteStorage> = {
  integer: 'INTEGER',
  real: 'REAL',
  text: 'TEXT',
  boolean: 'INTEGER',
  timestamp: 'INTEGER',
  date: 'INTEGER',
  json: 'TEXT',
  binary: 'BLOB',
};

/** A column of a file as it is imported: its name in the file and the table, its type, or skipped. */
export type { ColumnSpec };

export function isColumnType(value: unknown): value is ColumnType {
  return typeof value === 'string' && (COLUMN_TYPES as readonly string[]).includes(value);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
