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

/**
 * The days since the epoch at each month's start of one year, and each month's length, worked out
 * once per year met: most files' timestamps share a year or a few.
 */
const calendar = { year: Number.NaN, monthStarts: new Float64Array(13), monthLengths: new Int32Array(13) };

function turnCalendarTo(year: number): void {
  for (let month = 1; month <= 12; month += 1) {
    calendar.monthStarts[month] = daysSinceEpoch(year, month, 1);
    calendar.monthLengths[month] = daysInMonth(year, month);
  }
  calendar.year = year;
}

/** Epoch milliseconds of a time in UTC; NaN when it is not a real time. */
function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return Number.NaN;
  if (year !== calendar.year) turnCalendarTo(year);
  if (day < 1 || day > (calendar.monthLengths[month] as number)) return Number.NaN;
  const days = (calendar.monthStarts[month] as number) + day - 1;
  return days * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
}

/** `millis` of a time read in UTC, moved to the zone the text gave; null when it was not a real time. */
function inZone(millis: number, zone: string | undefined): number | null {
  return Number.isNaN(millis) ? null : millis - offsetMinutes(zone) * 60_000;
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

/** The two decimal digits at `at`, or a negative number when either byte is not a digit. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = (bytes[at] as number) - 48;
  const ones = (bytes[at + 1] as number) - 48;
  return tens >>> 0 > 9 || ones >>> 0 > 9 ? -1 : tens * 10 + ones;
}

const T = 84;
const Z = 90;
const DASH = 45;
const COLON = 58;
const POINT = 46;

/**
 * The common layouts YYYY-MM-DDTHH:MM:SSZ and YYYY-MM-DDTHH:MM:SS.sssZ of UTF-8 `bytes` from
 * `start` to `end` as epoch milliseconds, without a regular expression, a string or a heap number
 * (it runs for every value of a timestamp column); NaN when the text is not one of these layouts
 * or not a real time.
 */
export function isoUtcMillisAt(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if ((length !== 20 && length !== 24) || bytes[end - 1] !== Z) return Number.NaN;
  if (
    bytes[start + 4] !== DASH ||
    bytes[start + 7] !== DASH ||
    bytes[start + 10] !== T ||
    bytes[start + 13] !== COLON ||
    bytes[start + 16] !== COLON ||
    (length === 24 && bytes[start + 19] !== POINT)
  )
    return Number.NaN;
  const century = twoDigits(bytes, start);
  const yearOfCentury = twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  const hour = twoDigits(bytes, start + 11);
  const minute = twoDigits(bytes, start + 14);
  const second = twoDigits(bytes, start + 17);
  let ms = 0;
  if (length === 24) {
    const hundreds = (bytes[start + 20] as number) - 48;
    const rest = twoDigits(bytes, start + 21);
    if (hundreds >>> 0 > 9 || rest < 0) return Number.NaN;
    ms = hundreds * 100 + rest;
  }
  if ((century | yearOfCentury | month | day | hour | minute | second) < 0) return Number.NaN;
  return utcMillis(century * 100 + yearOfCentury, month, day, hour, minute, second, ms);
}

/** Room for the longest layout isoUtcMillisAt takes, and one byte more to tell a longer text. */
const isoScratch = new Uint8Array(25);
const utf8 = new TextEncoder();

function parseIso(text: string): number | null {
  const { written } = utf8.encodeInto(text, isoScratch);
  const fast = isoUtcMillisAt(isoScratch, 0, written);
  if (!Number.isNaN(fast)) return fast;
  const match = ISO.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, f, zone] = match;
  return inZone(
    utcMillis(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), fractionMs(f)),
    zone,
  );
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
  return inZone(
    utcMillis(
      Number(parts.Y ?? 1970),
      month,
      Number(parts.d ?? 1),
      Number(parts.H ?? 0),
      Number(parts.M ?? 0),
      Number(parts.S ?? 0),
      fractionMs(parts.f),
    ),
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
