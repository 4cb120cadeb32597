import type { PipelineSchedules, ScheduleEvent, TableChange } from '../../shared/contract/pipeline-schedules.js';
import { formatCount, groupDigits } from '../../shared/format.js';
import { shortId, textTable } from './text-table.js';

const utc = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`;

function describeChange(change: TableChange): string {
  if (change.rows === null) return 'no such table';
  return `${groupDigits(change.rows)} rows, changed ${utc(change.updatedAt ?? '')}`;
}

const OUTCOME_TEXT: Record<ScheduleEvent['outcome'], string> = {
  started: 'started',
  skipped_overlap: 'skipped (still running)',
  missed: 'MISSED (project closed)',
  refused: 'REFUSED',
};

function historyRow(event: ScheduleEvent): string[] {
  const what =
    event.source === 'schedule'
      ? `fire time ${utc(event.dueAt ?? '')}`
      : `${event.table}: ${describeChange(event.change ?? { rows: null, updatedAt: null })}`;
  const note = event.runId ? `run ${shortId(event.runId)}` : (event.message ?? '');
  return [utc(event.recordedAt), what, OUTCOME_TEXT[event.outcome], note];
}

/** Missed fire times in a history, those an entry counts included. */
function missedCount(history: readonly ScheduleEvent[]): number {
  return history.filter((event) => event.outcome === 'missed').reduce((sum, event) => sum + event.occurrences, 0);
}

function describeOne(entry: PipelineSchedules): string {
  const lines = [`${entry.pipeline} (${entry.file})`];
  if (entry.problems.length > 0)
    lines.push(
      `  ! ${formatCount(entry.problems.length, 'problem')} in its file: its runs are refused until it is mended`,
    );
  if (entry.schedule)
    lines.push(
      `  schedule  ${entry.schedule.cron} in ${entry.schedule.timezone}; next: ${entry.schedule.nextRuns.map(utc).join(', ') || 'never'}`,
    );
  for (const trigger of entry.triggers)
    lines.push(
      `  trigger   new data in ${trigger.table}; last seen: ${trigger.lastSeen ? describeChange(trigger.lastSeen) : 'not looked yet'}`,
    );
  const missed = missedCount(entry.history);
  if (missed > 0)
    lines.push(`  ! ${formatCount(missed, 'fire time')} missed while the project was closed (not run) in this history`);
  lines.push(
    entry.history.length === 0
      ? '  no history yet'
      : textTable(['RECORDED', 'WHAT', 'OUTCOME', 'RUN OR WHY'], entry.history.map(historyRow))
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
  );
  return lines.join('\n');
}

/** Each pipeline's schedule, triggers and recent history, missed runs standing out. */
export function describeSchedules(entries: readonly PipelineSchedules[]): string {
  if (entries.length === 0)
    return 'No pipeline has a schedule or triggers: add `schedule:` or `triggers:` to one (see docs/pipelines.md).';
  return [
    ...entries.map(describeOne),
    'Schedules and triggers run while the app or triad serve has the project open.',
  ].join('\n\n');
}
