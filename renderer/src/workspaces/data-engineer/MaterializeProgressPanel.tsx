import type { JobProgress } from '../../../../shared/contract/jobs.js';
import { formatCount } from '../../../../shared/format.js';
import { ProgressBar } from '../../components/ProgressBar.js';

/** Views done, and within the current view the share of its entities written. */
function completedFraction(progress: JobProgress): number {
  const views = progress.counts.views ?? 1;
  const view = progress.counts.view ?? 1;
  const written = progress.total ? progress.done / progress.total : 0;
  return (view - 1 + written) / views;
}

export function MaterializeProgressPanel({ progress, onCancel }: { progress: JobProgress | null; onCancel(): void }) {
  const fraction = progress ? completedFraction(progress) : 0;
  return (
    <div className="job-progress">
      <ProgressBar label="Materialization progress" fraction={fraction} busy={!progress?.total} />
      <div className="job-progress__facts">
        {progress
          ? `View ${progress.counts.view ?? 1} of ${progress.counts.views ?? 1}: ${progress.stage}${
              progress.total !== null
                ? ` (${progress.done.toLocaleString('en-US')} of ${formatCount(progress.total, 'entity', 'entities')})`
                : '…'
            }`
          : 'Starting…'}
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
