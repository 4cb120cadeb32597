/** A stored value as people read it: timestamps and dates as ISO-8601, booleans as words. */
export function formatCell(value: string | number | boolean | null, type: string | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && (type === 'timestamp' || type === 'date')) {
    const iso = new Date(value).toISOString();
    return type === 'date' ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof value === 'number' && type === 'boolean') return value === 1 ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  return String(value);
}
