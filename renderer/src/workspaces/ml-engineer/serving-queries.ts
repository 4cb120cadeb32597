import { useQuery } from '@tanstack/react-query';
import { useMethodQuery } from '../../hooks/queries.js';
import { useClient } from '../../transport/client-context.js';
import { rangeBounds } from './time-range.js';

/** How often the monitoring page asks again while auto-refresh is on. */
export const MONITORING_REFRESH_MS = 5_000;
const CHART_POINTS = 120;

/** The model server's URL and deployments; a `serving.changed` event keeps it current. */
export const useServingStatus = () => useMethodQuery('serving.status', {});

/** One model's, or every model's (no name), traffic over the last `minutes`, asked again every few seconds while `live`. */
export function useServingMetrics(model: string | undefined, minutes: number, live: boolean) {
  const client = useClient();
  return useQuery({
    queryKey: ['serving.metrics', { model, minutes }],
    // The range ends when the query runs, so each refresh moves it on.
    queryFn: () =>
      client.invoke('serving.metrics', {
        ...(model ? { model } : {}),
        ...rangeBounds(minutes, Date.now()),
        points: CHART_POINTS,
      }),
    refetchInterval: live ? MONITORING_REFRESH_MS : false,
  });
}

export function usePredictions(model: string | undefined, live: boolean) {
  return useMethodQuery(
    'serving.predictions',
    { ...(model ? { model } : {}), limit: 50 },
    live ? MONITORING_REFRESH_MS : undefined,
  );
}

/** Drift reports, newest first: of one model, or of all. */
export const useDriftReports = (model?: string) => useMethodQuery('serving.driftReports', model ? { model } : {});
