import { quoteIdentifier } from '../db/column-types.js';

/** What a feature view's timestamp columns may hold, as `triad apply` tells a user whose view holds something else. */
export const EVENT_TIME_FORMS =
  'epoch milliseconds (a number, as imported timestamps are stored) or ISO-8601 text (2024-05-01, 2024-05-01T12:00:00Z, 2024-05-01 12:00:00.250+02:00)';

/**
 * SQL reading a view's timestamp column as epoch milliseconds, whichever form it holds: a number
 * is taken as it is, ISO-8601 text (UTC unless it carries an offset) is converted, anything else
 * is null (a row that never matches). Text must start with a calendar date, so a number written
 * as text is not read as SQLite's Julian day.
 */
export function epochMsSql(column: string): string {
  const value = quoteIdentifier(column);
  return `(CASE WHEN typeof(${value}) IN ('integer', 'real') THEN ${value}
    WHEN typeof(${value}) = 'text' AND ${value} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
    THEN CAST(round(unixepoch(${value}, 'subsec') * 1000) AS INTEGER) END)`;
}

/** As epochMsSql, but a value it cannot read is kept as it is, so a reader can tell it from a missing time. */
export function eventTimeOrValueSql(column: string): string {
  return `coalesce(${epochMsSql(column)}, ${quoteIdentifier(column)})`;
}
