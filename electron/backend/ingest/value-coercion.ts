import type { ColumnType } from '../db/column-types.js';
import { type RawValue, UnreadableValue } from './record-source.js';
import { parseTimestamp } from './timestamp-format.js';

export type StoredValue = number | bigint | string | Uint8Array | null;

/** Text that stands for a missing value in text formats. */
export const DEFAULT_NULL_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'NULL', 'null', 'None', 'NaN', 'nan'];

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_TEXT = new Set(['true', 'True', 'TRUE']);
const FALSE_TEXT = new Set(['false', 'False', 'FALSE']);

export class CoercionError extends Error {}

function describe(value: RawValue): string {
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : `"${value}"`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'a date out of range' : value.toISOString();
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

function fail(expected: string, value: RawValue): never {
  throw new CoercionError(`expected ${expected}, found ${describe(value)}`);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

const longestToken = new WeakMap<ReadonlySet<string>, number>();

/**
 * Runs for every value, so it avoids work: text longer than any token (after spaces) cannot be
 * one, and only text with spaces at an end is trimmed, since trimming allocates.
 */
function isNullToken(text: string, tokens: ReadonlySet<string>): boolean {
  let longest = longestToken.get(tokens);
  if (longest === undefined) {
    longest = Math.max(0, ...[...tokens].map((token) => token.length));
    longestToken.set(tokens, longest);
  }
  const spaced = text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)));
  if (!spaced) return text.length <= longest && tokens.has(text);
  return tokens.has(text.trim());
}

/** Digits with an optional sign, and nothing else: checked by hand, as it runs for every value. */
function isPlainInteger(text: string): boolean {
  const length = text.length;
  let position = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45 ? 1 : 0;
  if (position === length) return false;
  for (; position < length; position += 1) {
    const code = text.charCodeAt(position);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function toInteger(value: RawValue): number | bigint {
  if (typeof value === 'number') return Number.isInteger(value) ? value : fail('an integer', value);
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = isPlainInteger(value) ? value : value.trim();
    if (text === value || INTEGER_TEXT.test(text)) {
      if (!isPlainInteger(text)) return fail('an integer', value);
      const parsed = Number(text);
      return Number.isSafeInteger(parsed) ? parsed : BigInt(text);
    }
  }
  return fail('an integer', value);
}

function toReal(value: RawValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    // Number() alone also takes '', ' ', '0x1F' and 'Infinity'; the pattern keeps to decimals.
    if (isPlainInteger(value)) return Number(value);
    if (NUMBER_TEXT.test(value) || NUMBER_TEXT.test(value.trim())) return Number(value);
  }
  return fail('a number', value);
}

function toBoolean(value: RawValue): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === 0 || value === 1) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (TRUE_TEXT.has(trimmed) || trimmed === '1') return 1;
    if (FALSE_TEXT.has(trimmed) || trimmed === '0') return 0;
  }
  return fail('true or false', value);
}

function toEpochMs(value: RawValue, format: string | null): number {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? fail('a timestamp', value) : time;
  }
  if (typeof value === 'string') {
    const parsed = parseTimestamp(value, format);
    if (parsed !== null) return parsed;
    return fail(format ? `a timestamp like ${format}` : 'an ISO-8601 timestamp', value);
  }
  if (typeof value === 'number' && format === '%s') return value * 1000;
  return fail('a timestamp', value);
}

function toText(value: RawValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return String(value);
}

function toJson(value: RawValue): string {
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
      return value;
    } catch {
      return fail('JSON', value);
    }
  }
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
}

function toBinary(value: RawValue): Uint8Array {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return fail('bytes', value);
}

/**
 * Turns a raw value into what SQLite stores for `type`, or throws a CoercionError whose message
 * says what was expected and what was found. Missing values become null.
 */
export function coerce(
  value: RawValue,
  type: ColumnType,
  format: string | null,
  nullTokens: ReadonlySet<string>,
): StoredValue {
  if (value === null || value === undefined) return null;
  if (value instanceof UnreadableValue) throw new CoercionError(value.reason);
  if (typeof value === 'string' && type !== 'text' && isNullToken(value, nullTokens)) return null;
  if (typeof value === 'number' && Number.isNaN(value)) return null;
  switch (type) {
    case 'integer':
      return toInteger(value);
    case 'real':
      return toReal(value);
    case 'boolean':
      return toBoolean(value);
    case 'timestamp':
    case 'date':
      return toEpochMs(value, format);
    case 'json':
      return toJson(value);
    case 'binary':
      return toBinary(value);
    case 'text':
      return typeof value === 'string' && nullTokens.has(value) ? null : toText(value);
  }
}
