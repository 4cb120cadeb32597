import { InvalidArgumentError } from 'commander';
import { parseTimestamp } from '../backend/ingest/timestamp-format.js';

/** An ISO-8601 time on the command line (a date alone means its midnight UTC), or "now". */
export function parseTime(value: string): number {
  if (value === 'now') return Date.now();
  const parsed = parseTimestamp(value, null);
  if (parsed === null)
    throw new InvalidArgumentError(`"${value}" is not an ISO-8601 time like 2024-05-01 or 2024-05-01T12:00:00Z`);
  return parsed;
}
