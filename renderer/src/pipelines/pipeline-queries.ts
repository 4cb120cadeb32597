import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { TriadClient } from '../../../shared/client/triad-client.js';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { useMethodQuery } from '../hooks/queries.js';
import { useClient } from '../transport/client-context.js';

export const RUNS_SHOWN = 200;

export const usePipelines = () => useMethodQuery('pipelines.list', {});

export const usePipelineFile = (pipeline: string) => useMethodQuery('pipelines.get', { pipeline });

/** Trainings, from the Train page or pipeline steps, newest first. */
export const useTrainings = () => useMethodQuery('runs.list', {});

/** Runs of one pipeline, or of all with undefined; kept current by pipelineRuns.changed (mergeRun). */
export function usePipelineRuns(pipeline?: string) {
  return useMethodQuery(
    'pipelineRuns.list',
    pipeline === undefined ? { limit: RUNS_SHOWN } : { pipeline, limit: RUNS_SHOWN },
  );
}

/** Schedules, triggers and their recent history, of one pipeline or of all; refreshed by pipelineSchedules.changed. */
export function usePipelineSchedules(pipeline?: string) {
  // Refetched every 20 s too: next fire times move on, and triggers note their tables without an event.
  return useMethodQuery(
    'pipelines.schedules',
    pipeline === undefined ? { limit: 20 } : { pipeline, limit: 20 },
    20_000,
  );
}

/** The query of a training run's model card (the model output of a train step is `run:ID`); a card never changes. */
export function runCardQuery(client: TriadClient, runId: string | null) {
  return {
    queryKey: ['runs.card', { runId }],
    queryFn: () => client.invoke('runs.card', { runId: runId as string }),
    enabled: runId !== null,
    staleTime: Number.POSITIVE_INFINITY,
  };
}

export function useRunCard(runId: string | null) {
  return useQuery(runCardQuery(useClient(), runId));
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
