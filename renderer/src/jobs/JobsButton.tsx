import { ListChecks, LoaderCircle } from 'lucide-react';
import { MOD_KEY_LABEL } from '../app/platform.js';
import { useUiStore } from '../state/ui-store.js';
import { useJobsList } from './job-queries.js';

/** Opens the jobs panel; shows how many jobs run or wait. */
export function JobsButton() {
  const open = useUiStore((state) => state.jobsPanelOpen);
  const setOpen = useUiStore((state) => state.setJobsPanelOpen);
  const active = (useJobsList().data ?? []).filter((job) => job.state === 'running' || job.state === 'queued').length;
  const Icon = active > 0 ? LoaderCircle : ListChecks;
  return (
    <button
      type="button"
      className="jobs-button"
      aria-pressed={open}
      aria-label={active > 0 ? `Jobs: ${active} running or queued` : 'Jobs'}
      aria-keyshortcuts="Control+J Meta+J"
      title={`Running and recent jobs (${MOD_KEY_LABEL}+J)`}
      onClick={() => setOpen(!open)}
    >
      <Icon size={15} aria-hidden className={active > 0 ? 'jobs-button__spinner' : undefined} />
      Jobs
      {active > 0 ? (
        <span className="jobs-button__count" aria-hidden>
          {active}
        </span>
      ) : null}
    </button>
  );
}
