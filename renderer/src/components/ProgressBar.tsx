interface ProgressBarProps {
  label: string;
  /** Done so far, 0 to 1. */
  fraction: number;
  /** Work of unknown length is going on: the track moves. */
  busy?: boolean;
}

export function ProgressBar({ label, fraction, busy = false }: ProgressBarProps) {
  return (
    <div
      className={busy ? 'progress progress--busy' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
    >
      <div className="progress__bar" style={{ width: `${fraction * 100}%` }} />
    </div>
  );
}
