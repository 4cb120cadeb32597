export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * A number with en-US digit grouping (1,234,567), as `toLocaleString('en-US')` writes it. Safe
 * integers are grouped here: a process's first toLocaleString loads the locale data, about 20 ms,
 * which would be most of the work of a quick command such as `triad status`.
 */
export function groupDigits(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en-US');
  return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${groupDigits(count)} ${count === 1 ? singular : plural}`;
}

/**
 * A stored time (epoch milliseconds) as people read it: a date as YYYY-MM-DD, a timestamp as
 * ISO-8601; a number past the years a date can hold stays a number.
 */
export function formatStoredTime(ms: number, type: 'timestamp' | 'date'): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  const iso = date.toISOString();
  return type === 'date' ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

export function isTimeType(type: string | null | undefined): type is 'timestamp' | 'date' {
  return type === 'timestamp' || type === 'date';
}

/**
 * A statistic (min, mean, a histogram bin's start) as people read it: times as dates, integers
 * exact with grouping, other numbers to two decimals (four significant digits below 1).
 */
export function formatStatistic(value: number, type: string): string {
  if (isTimeType(type)) return formatStoredTime(value, type);
  if (Number.isInteger(value)) return groupDigits(value);
  return value.toLocaleString(
    'en-US',
    Math.abs(value) >= 1 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 4 },
  );
}

/**
 * An integer read exactly from SQLite (as a BigInt): a number while it fits a double without
 * loss, its exact digits as text beyond ±2^53 (JSON and JavaScript numbers cannot hold them).
 */
export function exactInteger(value: bigint): number | string {
  return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value.toString();
}

/**
 * A BLOB as a SQL hex literal (X'0A0B'), which reads back as the same bytes. Past `maxBytes`
 * the hex is cut and the full size follows, so one large value cannot flood a screen.
 */
export function formatBlob(bytes: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): string {
  const shown = bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  const hex = Array.from(shown, (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join('');
  return shown.length < bytes.length ? `X'${hex}…' (${formatBytes(bytes.length)})` : `X'${hex}'`;
}

/** Seconds from one ISO time to another (or to now), as `1.5 s`; empty before it started. */
export function elapsed(from: string | null, to: string | null): string {
  if (!from) return '';
  return `${(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000).toFixed(1)} s`;
}
