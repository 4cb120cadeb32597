/**
 * Parses text timestamps to epoch milliseconds (UTC unless the text carries an offset).
 * Patterns use strftime's directives: %Y %m %d %H %M %S %f (fraction) %b (Jan…Dec) %z (+hh:mm, Z)
 * and %s (epoch seconds); null means ISO-8601.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Patterns tried, in order, when inferring a column's format from sample values. */
export const CANDIDATE_FORMATS: readonly (string | null)[] = [
  null,
  '%Y/%m/%d %H:%M:%S',
  '%Y/%m/%d %H:%M',
  '%Y/%m/%d',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y',
  '%d.%m.%Y',
  '%b %d %Y',
  '%d %b %Y',
];

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function fractionMs(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A year as Date.UTC reads it: years 0 to 99 are 1900 to 1999. */
function dateUtcYear(year: number): number {
  return year >= 0 && year <= 99 ? 1900 + year : year;
}

function daysInMonth(year: number, month: number): number {
  const actual = dateUtcYear(year);
  const leap = (actual % 4 === 0 && actual % 100 !== 0) || actual % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  zone?: string,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
    return null;
  const timeOfDay = hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  return daysSinceEpoch(year, month, day) * MS_PER_DAY + timeOfDay - offsetMinutes(zone) * 60_000;
}

const MS_PER_DAY = 86_400_000;

/**
 * The days from 1970-01-01 to a date of years 0 to 9999 (read as Date.UTC reads them), in integer
 * arithmetic instead of a call into Date.UTC: a proleptic Gregorian date counted in 400-year eras.
 */
export function daysSinceEpoch(year: number, month: number, day: number): number {
  const marchYear = dateUtcYear(year) - (month <= 2 ? 1 : 0);
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function digits(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let position = start; position < start + count; position += 1) {
    const digit = (bytes[position] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The common layouts YYYY-MM-DDTHH:MM:SSZ and YYYY-MM-DDTHH:MM:SS.sssZ of UTF-8 `bytes` from
 * `start` to `end`, without a regular expression or a string. Undefined: not one of these
 * layouts; null: the layout, but not a real time.
 */
export function parseIsoUtcAt(bytes: Uint8Array, start: number, end: number): number | null | undefined {
  const length = end - start;
  if ((length !== 20 && length !== 24) || bytes[end - 1] !== 90) return undefined;
  if (
    bytes[start + 4] !== 45 ||
    bytes[start + 7] !== 45 ||
    bytes[start + 10] !== 84 ||
    bytes[start + 13] !== 58 ||
    bytes[start + 16] !== 58 ||
    (length === 24 && bytes[start + 19] !== 46)
  )
    return undefined;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  const hour = digits(bytes, start + 11, 2);
  const minute = digits(bytes, start + 14, 2);
  const second = digits(bytes, start + 17, 2);
  const ms = length === 24 ? digits(bytes, start + 20, 3) : 0;
  if ((year | month | day | hour | minute | second | ms) < 0) return undefined;
  return build(year, month, day, hour, minute, second, ms);
}

/** Room for the longest layout parseIsoUtcAt takes, and one byte more to tell a longer text. */
const isoScratch = new Uint8Array(25);
const utf8 = new TextEncoder();

function parseIso(text: string): number | null {
  const { written } = utf8.encodeInto(text, isoScratch);
  const fast = parseIsoUtcAt(isoScratch, 0, written);
  if (fast !== undefined) return fast;
  const match = ISO.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, f, zone] = match;
  return build(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), fractionMs(f), zone);
}

const DIRECTIVES: Record<string, string> = {
  Y: '(\\d{4})',
  m: '(\\d{1,2})',
  d: '(\\d{1,2})',
  H: '(\\d{1,2})',
  M: '(\\d{2})',
  S: '(\\d{2})',
  f: '(\\d{1,9})',
  b: '([A-Za-z]{3})',
  z: '(Z|[+-]\\d{2}:?\\d{2})',
  s: '(-?\\d+)',
};

interface CompiledPattern {
  regex: RegExp;
  fields: string[];
}

const compiled = new Map<string, CompiledPattern>();

export function compilePattern(pattern: string): CompiledPattern {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const fields: string[] = [];
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '%') {
      const directive = pattern[index + 1] ?? '';
      const group = DIRECTIVES[directive];
      if (!group) throw new Error(`unknown directive %${directive} in timestamp format "${pattern}"`);
      fields.push(directive);
      source += group;
      index += 1;
    } else if (char === ' ') {
      source += '\\s+';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  const result = { regex: new RegExp(`^${source}$`), fields };
  compiled.set(pattern, result);
  return result;
}

function parseWithPattern(text: string, pattern: string): number | null {
  const { regex, fields } = compilePattern(pattern);
  const match = regex.exec(text);
  if (!match) return null;
  const parts: Record<string, string> = {};
  fields.forEach((field, index) => {
    parts[field] = match[index + 1] as string;
  });
  if (parts.s !== undefined) return Number(parts.s) * 1000;
  const month = parts.b !== undefined ? MONTHS.indexOf(parts.b.toLowerCase()) + 1 : Number(parts.m ?? 1);
  if (month === 0) return null;
  return build(
    Number(parts.Y ?? 1970),
    month,
    Number(parts.d ?? 1),
    Number(parts.H ?? 0),
    Number(parts.M ?? 0),
    Number(parts.S ?? 0),
    fractionMs(parts.f),
    parts.z,
  );
}

/** Epoch milliseconds for `text` under `format` (null: ISO-8601), or null if it does not match. */
export function parseTimestamp(text: string, format: string | null): number | null {
  const trimmed = text.trim();
  return format === null ? parseIso(trimmed) : parseWithPattern(trimmed, format);
}

/** Whether every value is a date without a time of day (so the column is a date, not a timestamp). */
export function isDateOnlyFormat(format: string | null, samples: readonly string[]): boolean {
  if (format !== null) return !/%[HMSfzs]/.test(format);
  return samples.every((sample) => /^\d{4}-\d{2}-\d{2}$/.test(sample.trim()));
}
