import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { useClient } from '../transport/client-context.js';

export const RUNS_SHOWN = 200;

export function usePipelines() {
  const client = useClient();
  return useQuery({ queryKey: ['pipelines.list', {}], queryFn: () => client.invoke('pipelines.list', {}) });
}

export function usePipelineFile(pipeline: string | undefined) {
  const client = useClient();
  return useQuery({
    queryKey: ['pipelines.get', { pipeline }],
    queryFn: () => client.invoke('pipelines.get', { pipeline: pipeline as string }),
    enabled: Boolean(pipeline),
  });
}

/** Runs of one pipeline, or of all with undefined; kept current by pipelineRuns.changed (mergeRun). */
export function usePipelineRuns(pipeline?: string) {
  const client = useClient();
  const input = pipeline === undefined ? { limit: RUNS_SHOWN } : { pipeline, limit: RUNS_SHOWN };
  return useQuery({ queryKey: ['pipelineRuns.list', input], queryFn: () => client.invoke('pipelineRuns.list', input) });
}

/** Schedules, triggers and their recent history, of one pipeline or of all; refreshed by pipelineSchedules.changed. */
export function usePipelineSchedules(pipeline?: string) {
  const client = useClient();
  const input = pipeline === undefined ? { limit: 20 } : { pipeline, limit: 20 };
  return useQuery({
    queryKey: ['pipelines.schedules', input],
    queryFn: () => client.invoke('pipelines.schedules', input),
    // Next fire times move on as time passes, and triggers note their tables without an event.
    refetchInterval: 20_000,
  });
}

/** A training run's model card (the model output of a train step is `run:ID`). */
export function useRunCard(runId: string | null) {
  const client = useClient();
  return useQuery({
    queryKey: ['runs.card', { runId }],
    queryFn: () => client.invoke('runs.card', { runId: runId as string }),
    enabled: runId !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The list with a run's new state in its place, or first when it is new to a list it belongs in. */
export function mergeRun(
  runs: PipelineRun[] | undefined,
  changed: PipelineRun,
  pipeline?: string,
): PipelineRun[] | undefined {
  if (!runs || (pipeline !== undefined && pipeline !== changed.pipeline)) return runs;
  const at = runs.findIndex((run) => run.id === changed.id);
  if (at === -1) return [changed, ...runs].slice(0, RUNS_SHOWN);
  return runs.map((run, index) => (index === at ? changed : run));
}

/** Puts a pushed run into every cached list of runs; a run that ended may have changed tables and models. */
export function applyRunChange(queryClient: QueryClient, changed: PipelineRun): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['pipelineRuns.list'] })) {
    const input = query.queryKey[1] as { pipeline?: string };
    queryClient.setQueryData<PipelineRun[]>(query.queryKey, (runs) => mergeRun(runs, changed, input.pipeline));
  }
  if (changed.state !== 'running')
    void queryClient.invalidateQueries({
      predicate: (query) => !['pipelineRuns.list', 'jobs.list', 'runs.card'].includes(String(query.queryKey[0])),
    });
}
