import { CalendarClock } from 'lucide-react';
import type { PipelineSchedules } from '../../../shared/contract/pipeline-schedules.js';
import { groupDigits } from '../../../shared/format.js';
import { EmptyState } from '../components/EmptyState.js';
import { TableHead } from '../components/TableHead.js';
import { usePipelineSchedules } from './pipeline-queries.js';
import { inZone, missedSinceLastStart, OUTCOME_TEXT } from './schedule-text.js';

const EXAMPLE = 'schedule: { cron: "0 6 * * 1-5", timezone: Europe/Paris }\ntriggers:\n  - table: departures';

function History({ entry, onShowRun }: { entry: PipelineSchedules; onShowRun(runId: string): void }) {
  if (entry.history.length === 0) return <p className="panel__text">Nothing has fired yet.</p>;
  return (
    <table className="data-grid" aria-label="Schedule history">
      <TableHead columns={['When', 'What', 'Outcome']} />
      <tbody>
        {entry.history.map((event) => (
          <tr
            key={event.id}
            className={event.outcome === 'missed' || event.outcome === 'refused' ? 'row--warning' : undefined}
          >
            <td>{new Date(event.dueAt ?? event.recordedAt).toLocaleString()}</td>
            <td>
              {event.source === 'schedule'
                ? 'schedule'
                : `new data in ${event.table}${event.change?.rows !== null && event.change ? ` (${groupDigits(event.change.rows)} rows)` : ''}`}
              {event.occurrences > 1 ? ` ×${groupDigits(event.occurrences)}` : ''}
            </td>
            <td>
              {event.runId ? (
                <button type="button" className="link-button" onClick={() => onShowRun(event.runId as string)}>
                  {OUTCOME_TEXT[event.outcome]} {event.runId.slice(0, 8)}
                </button>
              ) : (
                OUTCOME_TEXT[event.outcome]
              )}
              {event.message ? <span className="muted"> — {event.message}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** When a pipeline runs by itself (its schedule and triggers, from its YAML) and what came of it. */
export function SchedulePanel({ pipeline, onShowRun }: { pipeline: string; onShowRun(runId: string): void }) {
  const entry = usePipelineSchedules(pipeline).data?.find((candidate) => candidate.pipeline === pipeline);
  if (!entry || (!entry.schedule && entry.triggers.length === 0 && entry.history.length === 0))
    return (
      <EmptyState icon={CalendarClock} title="Runs only when started">
        To run it by itself, add a schedule (cron in a time zone) or triggers (a table’s new data) to the YAML, e.g.
        <pre className="snippet-block">{EXAMPLE}</pre>
      </EmptyState>
    );
  const missed = missedSinceLastStart(entry.history);
  return (
    <div className="schedule-panel">
      {missed.count > 0 ? (
        <p className="notice notice--warning" role="alert">
          {groupDigits(missed.count)} scheduled run{missed.count === 1 ? ' was' : 's were'} missed while no Triad had
          the project open (the latest {missed.latest ? new Date(missed.latest).toLocaleString() : ''}); they were not
          run. Run it now if its outputs are due.
        </p>
      ) : null}
      {entry.problems.length > 0 ? (
        <p className="form-error" role="alert">
          Its file has problems: scheduled runs are refused until they are mended.
        </p>
      ) : null}
      <dl className="facts-list">
        {entry.schedule ? (
          <div className="facts-list__row">
            <dt>Schedule</dt>
            <dd>
              <code>{entry.schedule.cron}</code> in {entry.schedule.timezone}; next{' '}
              {entry.schedule.nextRuns.map((run) => inZone(run, entry.schedule?.timezone ?? 'UTC')).join(', ') ||
                'never'}
            </dd>
          </div>
        ) : null}
        {entry.triggers.map((trigger) => (
          <div key={trigger.table} className="facts-list__row">
            <dt>Trigger</dt>
            <dd>
              new data in <strong>{trigger.table}</strong>
              {trigger.lastSeen
                ? trigger.lastSeen.rows === null
                  ? ' (no such table yet)'
                  : ` (last seen ${groupDigits(trigger.lastSeen.rows)} rows)`
                : ' (not looked at yet)'}
            </dd>
          </div>
        ))}
      </dl>
      <h4 className="compare-runs__title">History</h4>
      <History entry={entry} onShowRun={onShowRun} />
    </div>
  );
}
