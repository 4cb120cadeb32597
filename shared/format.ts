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

export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}

/** A stored time (epoch milliseconds) as people read it: a date as YYYY-MM-DD, a timestamp as ISO-8601. */
export function formatStoredTime(ms: number, type: 'timestamp' | 'date'): string {
  const iso = new Date(ms).toISOString();
  return type === 'date' ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

export function isTimeType(type: string | null | undefined): type is 'timestamp' | 'date' {
  return type === 'timestamp' || type === 'date';
}
