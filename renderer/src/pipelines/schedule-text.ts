import type { ScheduleEvent } from '../../../shared/contract/pipeline-schedules.js';

export const OUTCOME_TEXT: Record<ScheduleEvent['outcome'], string> = {
  started: 'started a run',
  skipped_overlap: 'skipped: a run was still running',
  missed: 'missed: no Triad had the project open',
  refused: 'refused: the pipeline had problems',
};

/** A fire time in the schedule's own zone, as people there read it. */
export function inZone(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * Fire times missed since the last run a schedule or trigger started: what the user was not told
 * about yet, in effect (an entry may count many).
 */
export function missedSinceLastStart(history: readonly ScheduleEvent[]): { count: number; latest: string | null } {
  const since = history.findIndex((event) => event.outcome === 'started');
  const recent = since === -1 ? history : history.slice(0, since);
  const missed = recent.filter((event) => event.outcome === 'missed');
  return {
    count: missed.reduce((sum, event) => sum + event.occurrences, 0),
    latest: missed[0]?.dueAt ?? null,
  };
}
