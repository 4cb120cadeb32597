import type { JobProgress } from '../../../shared/contract/jobs.js';
import { describeJobProgress, jobProgressFraction } from '../../../shared/job-progress.js';
import { ProgressBar } from './ProgressBar.js';

/** A running job's bar and its progress in words, with a Cancel button. */
export function JobProgressPanel({
  label,
  progress,
  onCancel,
}: {
  label: string;
  progress: JobProgress | null;
  onCancel(): void;
}) {
  const fraction = jobProgressFraction(progress);
  return (
    <div className="job-progress">
      <ProgressBar label={label} fraction={fraction ?? 0} busy={fraction === null} />
      <div className="job-progress__facts">
        {progress ? describeJobProgress(progress) : 'Starting…'}
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
