import { useMutation } from '@tanstack/react-query';
import { RefreshCw, Workflow } from 'lucide-react';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import type { PipelineSchedules } from '../../../shared/contract/pipeline-schedules.js';
import { elapsed } from '../../../shared/format.js';
import { EmptyState } from '../components/EmptyState.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatMetric, headlineMetric, metricLabel } from '../models/metric-format.js';
import { useUiStore } from '../state/ui-store.js';
import { useClient } from '../transport/client-context.js';
import { usePipelineRuns, usePipelineSchedules, usePipelines } from './pipeline-queries.js';
import { runMetrics } from './run-text.js';
import { inZone, missedSinceLastStart } from './schedule-text.js';

function LastRun({ run }: { run: PipelineRun | undefined }) {
  if (!run) return <span className="muted">never run</span>;
  const headline = headlineMetric(runMetrics(run));
  return (
    <span>
      last run <span className={`step-state step-state--${run.state}`}>{run.state}</span> ·{' '}
      {new Date(run.startedAt).toLocaleString()} · {elapsed(run.startedAt, run.finishedAt)}
      {headline ? ` · ${metricLabel(headline.name)} ${formatMetric(headline.value)}` : ''}
    </span>
  );
}

/** When it runs next by itself, and the scheduled runs missed since the last one started. */
function ScheduleLine({ entry }: { entry: PipelineSchedules }) {
  const missed = missedSinceLastStart(entry.history);
  const next = entry.schedule?.nextRuns[0];
  return (
    <span className="pipeline-overview__run">
      {entry.schedule && next ? `next run ${inZone(next, entry.schedule.timezone)} (${entry.schedule.timezone})` : ''}
      {entry.triggers.length > 0
        ? `${entry.schedule ? ' · ' : ''}on new data in ${entry.triggers.map((trigger) => trigger.table).join(', ')}`
        : ''}
      {missed.count > 0 ? <span className="badge badge--starting">{missed.count} missed while closed</span> : null}
    </span>
  );
}

/**
 * Each pipeline of the project with its last run, and a button that runs it again with the same
 * parameters: steps whose inputs did not change are reused, those over new data run again.
 */
export function PipelinesOverview() {
  const client = useClient();
  const openPage = useUiStore((state) => state.openPage);
  const pipelines = usePipelines().data ?? [];
  const runs = usePipelineRuns().data ?? [];
  const schedules = usePipelineSchedules().data ?? [];
  const rerun = useMutation({
    mutationFn: ({ pipeline, params }: { pipeline: string; params: PipelineRun['params'] }) =>
      client.invoke('pipelines.run', { pipeline, params }),
  });
  if (pipelines.length === 0)
    return (
      <EmptyState icon={Workflow} title="No pipelines in this project">
        A data scientist writes pipelines on the Pipelines page; they appear here to re-run on fresh data.
      </EmptyState>
    );
  return (
    <>
      <ul className="pipeline-overview" aria-label="Pipelines">
        {pipelines.map((pipeline) => {
          const name = pipeline.valid ? pipeline.name : pipeline.file;
          const last = runs.find((run) => run.pipeline === name);
          const schedule = schedules.find((entry) => entry.pipeline === name);
          return (
            <li key={pipeline.file} className="pipeline-overview__item">
              <div className="pipeline-overview__text">
                <button
                  type="button"
                  className="link-button pipeline-overview__name"
                  onClick={() => openPage('data-scientist', 'pipelines', pipeline.file)}
                >
                  {name}
                </button>
                <span className="pipeline-overview__run">
                  {pipeline.valid ? <LastRun run={last} /> : 'the file has problems'}
                </span>
                {schedule ? <ScheduleLine entry={schedule} /> : null}
              </div>
              <button
                type="button"
                className="button"
                disabled={!pipeline.valid || last?.state === 'running' || rerun.isPending}
                title="Run again with the last run's parameters: unchanged steps are reused, those over new data run"
                onClick={() => rerun.mutate({ pipeline: name, params: last?.params ?? {} })}
              >
                <RefreshCw size={14} aria-hidden /> Re-run on fresh data
              </button>
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={rerun.error} />
    </>
  );
}
