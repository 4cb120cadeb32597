/** The time ranges the monitoring charts and the drift window offer. */
export const TIME_RANGES = [
  { minutes: 15, label: 'Last 15 minutes' },
  { minutes: 60, label: 'Last hour' },
  { minutes: 360, label: 'Last 6 hours' },
  { minutes: 1440, label: 'Last 24 hours' },
  { minutes: 10_080, label: 'Last 7 days' },
] as const;

/** The ISO bounds of the last `minutes` before `nowMs`. */
export function rangeBounds(minutes: number, nowMs: number): { from: string; to: string } {
  return { from: new Date(nowMs - minutes * 60_000).toISOString(), to: new Date(nowMs).toISOString() };
}

/** A chart's time tick: the clock time over a day or less, with the date beyond. */
export function timeTick(ms: number, rangeMinutes: number): string {
  const date = new Date(ms);
  const clock = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (rangeMinutes <= 1440) return clock;
  return `${date.toLocaleDateString('en-GB', { day: '2-digit', month: 'short' })} ${clock}`;
}
