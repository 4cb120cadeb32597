import { useState } from 'react';
import type { PredictionLogSettings } from '../../../../shared/contract/serving.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useMethodMutation } from '../../hooks/queries.js';

type Field = keyof PredictionLogSettings;

const FIELDS: { field: Field; label: string; min: number; step: number | 'any' }[] = [
  { field: 'sampleRatePerSecond', label: 'Log up to (per second and model)', min: 0, step: 'any' },
  { field: 'retentionDays', label: 'Keep for (days)', min: 0.01, step: 'any' },
  { field: 'maxRows', label: 'Keep at most (predictions)', min: 1000, step: 1 },
];

/** How many predictions the model server logs, and for how long and how many the log keeps. */
export function PredictionLogForm({ settings }: { settings: PredictionLogSettings }) {
  const save = useMethodMutation('serving.setLogging');
  const [draft, setDraft] = useState<Record<Field, string>>({
    sampleRatePerSecond: String(settings.sampleRatePerSecond),
    retentionDays: String(settings.retentionDays),
    maxRows: String(settings.maxRows),
  });
  const parsed = {
    sampleRatePerSecond: Number(draft.sampleRatePerSecond),
    retentionDays: Number(draft.retentionDays),
    maxRows: Number(draft.maxRows),
  };
  const changed = FIELDS.some(({ field }) => parsed[field] !== settings[field]);
  return (
    <form
      className="inline-fields"
      aria-label="Prediction log settings"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(parsed);
      }}
    >
      {FIELDS.map(({ field, label, min, step }) => (
        <label key={field}>
          {label}
          <input
            type="number"
            required
            min={min}
            step={step}
            value={draft[field]}
            onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="button" disabled={!changed || save.isPending}>
        {save.isPending ? 'Saving…' : save.isSuccess && !changed ? 'Saved' : 'Save'}
      </button>
      <ErrorMessage error={save.error} />
    </form>
  );
}
