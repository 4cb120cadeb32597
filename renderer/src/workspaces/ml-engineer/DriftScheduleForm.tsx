import { useState } from 'react';
import type { DriftWatchSettings } from '../../../../shared/contract/serving.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useMethodMutation } from '../../hooks/queries.js';
import { TimeRangeSelect } from './TimeRangeSelect.js';

const INTERVALS = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: 'hour' },
  { minutes: 360, label: '6 hours' },
  { minutes: 1440, label: 'day' },
] as const;

/** Whether, how often and over which window every deployment's drift is checked without anyone asking. */
export function DriftScheduleForm({ schedule }: { schedule: DriftWatchSettings }) {
  const save = useMethodMutation('serving.setDriftWatch');
  const [draft, setDraft] = useState(schedule);
  const changed =
    draft.enabled !== schedule.enabled ||
    draft.everyMinutes !== schedule.everyMinutes ||
    draft.windowMinutes !== schedule.windowMinutes;
  return (
    <form
      className="inline-fields"
      aria-label="Scheduled drift checks"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(draft);
      }}
    >
      <label className="inline-fields__check">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })}
        />
        Check every deployment on a schedule
      </label>
      <label>
        Every
        <select
          value={draft.everyMinutes}
          disabled={!draft.enabled}
          onChange={(event) => setDraft({ ...draft, everyMinutes: Number(event.target.value) })}
          aria-label="Check every"
        >
          {INTERVALS.map((interval) => (
            <option key={interval.minutes} value={interval.minutes}>
              {interval.label}
            </option>
          ))}
        </select>
      </label>
      <TimeRangeSelect
        caption="Comparing"
        label="Scheduled live window"
        minutes={draft.windowMinutes}
        disabled={!draft.enabled}
        onChange={(windowMinutes) => setDraft({ ...draft, windowMinutes })}
      />
      <button type="submit" className="button" disabled={!changed || save.isPending}>
        {save.isPending ? 'Saving…' : save.isSuccess && !changed ? 'Saved' : 'Save schedule'}
      </button>
      <ErrorMessage error={save.error} />
    </form>
  );
}
