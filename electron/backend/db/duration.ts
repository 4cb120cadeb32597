const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/** Seconds in a duration written as a number of seconds or as 90s, 30m, 12h, 7d, 2w. */
export function durationSeconds(duration: number | string): number {
  if (typeof duration === 'number') return duration;
  const match = /^(\d+)\s*([smhdw])$/.exec(duration.trim());
  if (!match) throw new Error(`"${duration}" is not a duration like 90s, 30m, 12h, 7d or 2w`);
  return Number(match[1]) * SECONDS[match[2] as keyof typeof SECONDS];
}
