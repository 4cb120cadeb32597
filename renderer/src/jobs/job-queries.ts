import { useQuery } from '@tanstack/react-query';
import type { JobSummary } from '../../../shared/contract/jobs.js';
import { useClient } from '../transport/client-context.js';

export const JOBS_SHOWN = 50;
export const JOBS_LIST_KEY = ['jobs.list', { limit: JOBS_SHOWN }] as const;

/** Running and recent jobs; kept current by jobs.changed events (mergeJob), not by polling. */
export function useJobsList() {
  const client = useClient();
  return useQuery({ queryKey: JOBS_LIST_KEY, queryFn: () => client.invoke('jobs.list', { limit: JOBS_SHOWN }) });
}

/** The list with one job's new summary in its place, or first when it is new. */
export function mergeJob(jobs: readonly JobSummary[] | undefined, changed: JobSummary): JobSummary[] | undefined {
  if (!jobs) return undefined;
  const at = jobs.findIndex((job) => job.id === changed.id);
  if (at === -1) return [changed, ...jobs].slice(0, JOBS_SHOWN);
  return jobs.map((job, index) => (index === at ? changed : job));
}
