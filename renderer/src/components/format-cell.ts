import { formatStoredTime, isTimeType } from '../../../shared/format.js';

/** A stored value as people read it: timestamps and dates as ISO-8601, booleans as words. */
export function formatCell(value: string | number | boolean | null, type: string | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && isTimeType(type)) return formatStoredTime(value, type);
  if (typeof value === 'number' && type === 'boolean') return value === 1 ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  return String(value);
}
