import { Cron } from 'croner';

/** A cron expression read in a time zone (five fields: minute, hour, day of month, month, day of week). */
export interface CronSchedule {
  cron: string;
  timezone: string;
}

function cronOf({ cron, timezone }: CronSchedule): Cron {
  // Paused and without a function: croner only computes times, it never arms a timer of its own.
  return new Cron(cron.trim(), { timezone, paused: true, mode: '5-part' });
}

/** Why the time zone is not one the system knows, or null. */
export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return null;
  } catch {
    return `unknown time zone \`${timezone}\`: use an IANA name such as Europe/Paris, America/New_York or UTC`;
  }
}

/** Why the cron expression cannot be read (or never fires), or null; the time zone must be valid. */
export function cronProblem(schedule: CronSchedule): string | null {
  let next: Date | null;
  try {
    next = cronOf(schedule).nextRun();
  } catch (error) {
    const reason = (error as Error).message.replace(/^CronPattern: /, '');
    return `\`${schedule.cron}\` is not a cron expression (${reason}): write five fields, minute hour day-of-month month day-of-week, e.g. "0 6 * * *"`;
  }
  return next ? null : `\`${schedule.cron}\` never fires: no date matches it`;
}

/** The fire times strictly after `after` up to and including `until`, oldest first. */
export function* fireTimesBetween(schedule: CronSchedule, after: Date, until: Date): Generator<Date> {
  const cron = cronOf(schedule);
  for (let next = cron.nextRun(after); next && next <= until; next = cron.nextRun(next)) yield next;
}

/** The next `count` fire times strictly after `after`. */
export function nextFireTimes(schedule: CronSchedule, after: Date, count: number): Date[] {
  return cronOf(schedule).nextRuns(count, after);
}
