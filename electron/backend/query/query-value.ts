import { exactInteger, formatBlob, formatStoredTime, isTimeType } from '../../../shared/format.js';
import type { QueryColumn } from './read-only-query.js';

export type DisplayValue = string | number | boolean | null;

/**
 * A query's value as people read it, and as JSON can hold it: integers exact (their digits as
 * text past 2^53), timestamps and dates of imported tables as ISO-8601, booleans as true/false,
 * BLOBs as hex literals (cut after `maxBlobBytes`).
 */
export function displayQueryValue(value: unknown, column: QueryColumn, maxBlobBytes?: number): DisplayValue {
  const plain = typeof value === 'bigint' ? exactInteger(value) : value;
  if (typeof plain === 'number' && isTimeType(column.type)) return formatStoredTime(plain, column.type);
  if (typeof plain === 'number' && column.type === 'boolean') return plain === 1;
  if (plain instanceof Uint8Array) return formatBlob(plain, maxBlobBytes);
  if (plain === null || typeof plain === 'string' || typeof plain === 'number') return plain;
  return String(plain);
}
