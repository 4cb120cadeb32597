import { TIME_RANGES } from './time-range.js';

/**
 * A labelled choice among the time ranges the monitoring charts and drift windows offer, in
 * minutes: `caption` is shown, `label` names it for assistive technology.
 */
export function TimeRangeSelect({
  caption,
  label,
  minutes,
  onChange,
  disabled = false,
}: {
  caption: string;
  label: string;
  minutes: number;
  onChange: (minutes: number) => void;
  disabled?: boolean;
}) {
  return (
    <label>
      {caption}
      <select
        value={minutes}
        disabled={disabled}
        onChange={(event) => onChange(Number(event.target.value))}
        aria-label={label}
      >
        {TIME_RANGES.map((range) => (
          <option key={range.minutes} value={range.minutes}>
            {range.label}
          </option>
        ))}
      </select>
    </label>
  );
}
