import { useQuery } from '@tanstack/react-query';
import { Ban, CheckCircle2, CircleAlert, Clock, ListChecks, LoaderCircle, Unplug, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { JobState, JobSummary } from '../../../shared/contract/jobs.js';
import { describeJobProgress, jobProgressFraction } from '../../../shared/job-progress.js';
import { EmptyState } from '../components/EmptyState.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { useUiStore } from '../state/ui-store.js';
import { useClient } from '../transport/client-context.js';
import { jobDestination } from './job-destination.js';
import { useJobsList } from './job-queries.js';

const STATE_LOOK: Record<JobState, { icon: typeof Clock; label: string }> = {
  queued: { icon: Clock, label: 'Queued' },
  running: { icon: LoaderCircle, label: 'Running' },
  succeeded: { icon: CheckCircle2, label: 'Succeeded' },
  failed: { icon: CircleAlert, label: 'Failed' },
  cancelled: { icon: Ban, label: 'Cancelled' },
  interrupted: { icon: Unplug, label: 'Interrupted' },
};

const INTERRUPTED =
  'Its process stopped while it ran (the app or a triad command was closed or killed). Nothing it was writing was kept.';

function duration(job: JobSummary): string | null {
  if (!job.startedAt) return null;
  const seconds = ((job.finishedAt ? Date.parse(job.finishedAt) : Date.now()) - Date.parse(job.startedAt)) / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** A job's log; `live` reads it again every second while the job runs. */
export function JobLog({ id, live = false }: { id: string; live?: boolean }) {
  const client = useClient();
  const job = useQuery({
    queryKey: ['jobs.get', id],
    queryFn: () => client.invoke('jobs.get', { id }),
    ...(live ? { refetchInterval: 1000 } : {}),
  });
  if (!job.data) return <p className="jobs-panel__muted">Loading the log…</p>;
  return (
    <ol className="jobs-panel__log" aria-label="Job log">
      {job.data.log.length === 0 ? <li className="jobs-panel__muted">Nothing logged yet.</li> : null}
      {job.data.log.map((entry) => (
        <li key={`${entry.at}-${entry.message}`} data-level={entry.level}>
          <time dateTime={entry.at}>{new Date(entry.at).toLocaleTimeString()}</time> {entry.message}
        </li>
      ))}
    </ol>
  );
}

function JobItem({ job }: { job: JobSummary }) {
  const client = useClient();
  const openPage = useUiStore((state) => state.openPage);
  const close = useUiStore((state) => state.setJobsPanelOpen);
  const [showLog, setShowLog] = useState(false);
  const { icon: Icon, label } = STATE_LOOK[job.state];
  const active = job.state === 'queued' || job.state === 'running';
  const destination = job.state === 'succeeded' ? jobDestination(job) : null;
  const fraction = jobProgressFraction(job.progress);
  const took = duration(job);

  return (
    <li className="jobs-panel__job" data-state={job.state} data-testid={`job-${job.id}`}>
      <div className="jobs-panel__head">
        <Icon size={16} aria-hidden className="jobs-panel__icon" />
        <span className="jobs-panel__title" title={job.title}>
          {job.title}
        </span>
        <span className="jobs-panel__state">{label}</span>
      </div>
      <div className="jobs-panel__meta">
        {job.kind} · from {job.origin === 'cli' ? 'a triad command' : 'the app'} ·{' '}
        {new Date(job.createdAt).toLocaleTimeString()}
        {took ? ` · ${took}` : ''}
      </div>
      {job.state === 'running' ? (
        <>
          <ProgressBar label={`Progress of ${job.title}`} fraction={fraction ?? 0} busy={fraction === null} />
          <div className="jobs-panel__meta">{job.progress ? describeJobProgress(job.progress) : 'Starting…'}</div>
        </>
      ) : null}
      {job.state === 'failed' && job.error ? <p className="form-error">{job.error}</p> : null}
      {job.state === 'interrupted' ? <p className="jobs-panel__muted">{INTERRUPTED}</p> : null}
      <div className="jobs-panel__actions">
        {active ? (
          <button type="button" className="button" onClick={() => void client.invoke('jobs.cancel', { id: job.id })}>
            Cancel
          </button>
        ) : null}
        {destination ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              openPage(destination.role, destination.page, destination.item);
              close(false);
            }}
          >
            {destination.label}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--quiet"
          aria-expanded={showLog}
          onClick={() => setShowLog(!showLog)}
        >
          {showLog ? 'Hide log' : 'Log'}
        </button>
      </div>
      {showLog ? <JobLog id={job.id} /> : null}
    </li>
  );
}

/** Running and recent jobs of the project, from the app and from triad commands, with their progress. */
export function JobsPanel() {
  const open = useUiStore((state) => state.jobsPanelOpen);
  const setOpen = useUiStore((state) => state.setJobsPanelOpen);
  const jobs = useJobsList();
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    closeButton.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open, setOpen]);

  if (!open) return null;
  const list = jobs.data ?? [];
  return (
    <aside className="jobs-panel" aria-label="Jobs">
      <header className="jobs-panel__header">
        <h2>Jobs</h2>
        <button
          ref={closeButton}
          type="button"
          className="icon-button"
          aria-label="Close the jobs panel"
          onClick={() => setOpen(false)}
        >
          <X size={16} aria-hidden />
        </button>
      </header>
      {jobs.isSuccess && list.length === 0 ? (
        <EmptyState icon={ListChecks} title="No jobs yet">
          Imports, materializations, training sets, statistics and quality checks run as jobs. They appear here with
          their progress, whether started in the app or with a <code>triad</code> command.
        </EmptyState>
      ) : (
        <ul className="jobs-panel__list">
          {list.map((job) => (
            <JobItem key={job.id} job={job} />
          ))}
        </ul>
      )}
    </aside>
  );
}
