import type { ColumnType } from '../db/column-types.js';
import { isoUtcMillisAt } from './timestamp-format.js';

/**
 * Parsers for the plainest spellings of numbers, booleans and UTC timestamps, reading a field in
 * place in the file's UTF-8 bytes, without making a string of it. Each returns NaN for anything
 * else, which then goes the general way (value-coercion.ts); for what they accept, they give
 * exactly what the general way gives.
 */
export type FastParser = (bytes: Uint8Array, start: number, end: number) => number;

const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Up to 15 digits fit a double exactly, so the arithmetic below rounds as Number() does. */
const MAX_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_DIGITS + 1 }, (_, power) => 10 ** power);

/** An optional sign and up to 15 digits. */
function fastInteger(bytes: Uint8Array, start: number, end: number): number {
  const first = bytes[start];
  const negative = first === MINUS;
  let position = negative || first === PLUS ? start + 1 : start;
  if (position === end || end - position > MAX_DIGITS) return Number.NaN;
  let value = 0;
  for (; position < end; position += 1) {
    const code = bytes[position] as number;
    if (code < ZERO || code > NINE) return Number.NaN;
    value = value * 10 + (code - ZERO);
  }
  return negative ? -value : value;
}

/** An optional sign, digits, and optionally a point and more digits: 15 digits at most, no exponent. */
function fastReal(bytes: Uint8Array, start: number, end: number): number {
  const first = bytes[start];
  const negative = first === MINUS;
  let position = negative || first === PLUS ? start + 1 : start;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (; position < end; position += 1) {
    const code = bytes[position] as number;
    if (code === DOT && fractionDigits < 0) {
      fractionDigits = 0;
      continue;
    }
    if (code < ZERO || code > NINE) return Number.NaN;
    mantissa = mantissa * 10 + (code - ZERO);
    digits += 1;
    if (fractionDigits >= 0) fractionDigits += 1;
  }
  if (digits === 0 || digits > MAX_DIGITS || (fractionDigits >= 0 && digits === fractionDigits)) return Number.NaN;
  // Both numbers are exact, so the one division rounds correctly, as Number() does.
  const value = fractionDigits > 0 ? mantissa / (POWERS_OF_TEN[fractionDigits] as number) : mantissa;
  return negative ? -value : value;
}

/** Four bytes of `bytes` from `start` as one number, to compare a word at once. */
function fourBytes(bytes: Uint8Array, start: number): number {
  return (
    (bytes[start] as number) |
    ((bytes[start + 1] as number) << 8) |
    ((bytes[start + 2] as number) << 16) |
    ((bytes[start + 3] as number) << 24)
  );
}

const asBytes = (word: string) => Buffer.from(word, 'latin1');
const TRUE_HEADS = Int32Array.from(['true', 'True', 'TRUE'], (word) => fourBytes(asBytes(word), 0));
/** false, False and FALSE: their first four bytes, and their last. */
const FALSE_HEADS = Int32Array.from(['false', 'False', 'FALSE'], (word) => fourBytes(asBytes(word), 0));
const FALSE_LASTS = Uint8Array.from(['false', 'False', 'FALSE'], (word) => word.charCodeAt(4));

/** Runs for every value of a boolean column: compares in place, with no closure or array made. */
function fastBoolean(bytes: Uint8Array, start: number, end: number): number {
  switch (end - start) {
    case 1: {
      const digit = bytes[start];
      return digit === ZERO ? 0 : digit === ZERO + 1 ? 1 : Number.NaN;
    }
    case 4: {
      const head = fourBytes(bytes, start);
      for (let word = 0; word < TRUE_HEADS.length; word += 1) if (TRUE_HEADS[word] === head) return 1;
      return Number.NaN;
    }
    case 5: {
      const head = fourBytes(bytes, start);
      const last = bytes[start + 4];
      for (let word = 0; word < FALSE_HEADS.length; word += 1)
        if (FALSE_HEADS[word] === head && FALSE_LASTS[word] === last) return 0;
      return Number.NaN;
    }
    default:
      return Number.NaN;
  }
}

/**
 * `parse` on a field. Calls each parser directly: each call site then sees one function, which V8
 * inlines, instead of one site seeing four, whose result it would box as a heap number for every
 * value (tens of megabytes of garbage per million rows).
 */
export function parseField(parse: FastParser, bytes: Uint8Array, start: number, end: number): number {
  if (parse === fastReal) return fastReal(bytes, start, end);
  if (parse === fastInteger) return fastInteger(bytes, start, end);
  if (parse === fastBoolean) return fastBoolean(bytes, start, end);
  return isoUtcMillisAt(bytes, start, end);
}

const PARSERS: Partial<Record<ColumnType, FastParser>> = {
  integer: fastInteger,
  real: fastReal,
  boolean: fastBoolean,
  timestamp: isoUtcMillisAt,
};

/**
 * The fast parser for a column, or null when the general way must see every value: other types,
 * timestamps with a pattern, and types for which a null token would parse (a token of "0" must
 * become null, not zero).
 */
export function fastParserFor(
  type: ColumnType,
  format: string | null,
  nullTokens: ReadonlySet<string>,
): FastParser | null {
  const parser = PARSERS[type];
  if (!parser || (type === 'timestamp' && format !== null)) return null;
  for (const token of nullTokens) {
    const bytes = Buffer.from(token);
    if (token !== '' && !Number.isNaN(parser(bytes, 0, bytes.length))) return null;
  }
  return parser;
}
