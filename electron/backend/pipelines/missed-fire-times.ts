import { type CronSchedule, fireTimesBetween } from './cron-schedule.js';
import type { NewScheduleEvent } from './schedule-store.js';

/** Fire times counted one by one at most; beyond, a history entry says "more than". */
const COUNTED = 10_000;

/** The fire times strictly after `after` up to `until`, oldest first, and whether there were more than could be counted. */
export function dueFireTimes(schedule: CronSchedule, after: Date, until: Date): { times: Date[]; capped: boolean } {
  const times: Date[] = [];
  for (const time of fireTimesBetween(schedule, after, until)) {
    if (times.length === COUNTED) return { times, capped: true };
    times.push(time);
  }
  return { times, capped: false };
}

/**
 * History entries for fire times no run was started for: the first `listed` one by one, the rest
 * in one entry that counts them.
 */
export function missedEvents(
  pipeline: string,
  missed: readonly Date[],
  capped: boolean,
  listed: number,
): NewScheduleEvent[] {
  const entry = (dueAt: Date): NewScheduleEvent => ({
    pipeline,
    source: 'schedule',
    dueAt: dueAt.toISOString(),
    table: null,
    change: null,
    outcome: 'missed',
  });
  const events = missed.slice(0, listed).map(entry);
  const rest = missed.slice(listed);
  const [first, last] = [rest[0], rest.at(-1)];
  if (first && last)
    events.push({
      ...entry(first),
      occurrences: rest.length,
      message: `${capped ? 'more than ' : ''}${rest.length} more fire times were missed, from ${first.toISOString()} to ${capped ? 'later' : last.toISOString()}`,
    });
  return events;
}
