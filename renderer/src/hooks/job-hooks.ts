import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { runJob } from '../../../shared/client/await-job.js';
import type { TriadClient } from '../../../shared/client/triad-client.js';
import {
  isFinalJobState,
  type JobKind,
  type JobProgress,
  type JobResult,
  type JobState,
  jobResults,
} from '../../../shared/contract/jobs.js';
import { useClient } from '../transport/client-context.js';

type Start = (client: TriadClient) => Promise<{ jobId: string }>;

/**
 * A query whose data is a job's result: the job starts when the query runs, and is cancelled when
 * react-query no longer needs it (the user chose another table before the statistics came).
 */
export function useJobQuery<K extends JobKind>(kind: K, queryKey: readonly unknown[], start: Start, enabled = true) {
  const client = useClient();
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => runJob(client, kind, start, { signal }),
    enabled,
  });
}

/** Starts a job on demand, follows its progress, can cancel it, and refreshes every query once it succeeded. */
export function useJobRun<K extends JobKind, I>(
  kind: K,
  start: (client: TriadClient, input: I) => Promise<{ jobId: string }>,
) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const running = useRef<AbortController | null>(null);
  const mutation = useMutation<JobResult<K>, Error, I>({
    mutationFn: (input) => {
      const controller = new AbortController();
      running.current = controller;
      setProgress(null);
      return runJob(client, kind, (started) => start(started, input), {
        onProgress: setProgress,
        signal: controller.signal,
      });
    },
    onSuccess: () => queryClient.invalidateQueries(),
    onSettled: () => {
      running.current = null;
    },
  });
  return { ...mutation, progress, cancel: () => running.current?.abort() };
}

export interface JobEnd<K extends JobKind> {
  state: JobState;
  error: string | null;
  result: JobResult<K> | null;
}

/** Follows a job started elsewhere (by id) through the pushed events: its progress, then how it ended. */
export function useFollowedJob<K extends JobKind>(
  jobId: string | null,
  kind: K,
): { progress: JobProgress | null; end: JobEnd<K> | null } {
  const client = useClient();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [end, setEnd] = useState<JobEnd<K> | null>(null);

  useEffect(() => {
    setProgress(null);
    setEnd(null);
    if (!jobId) return;
    let ended = false;
    const finish = async () => {
      if (ended) return;
      ended = true;
      const job = await client.invoke('jobs.get', { id: jobId });
      setEnd({
        state: job.state,
        error: job.error,
        result: job.state === 'succeeded' ? (jobResults[kind].parse(job.result) as JobResult<K>) : null,
      });
      void queryClient.invalidateQueries();
    };
    const stop = client.subscribe((event) => {
      if (event.name === 'jobs.progress' && event.payload.jobId === jobId) setProgress(event.payload.progress);
      if (event.name === 'jobs.changed' && event.payload.id === jobId && isFinalJobState(event.payload.state))
        void finish();
    });
    // It may have ended before this subscription.
    void client.invoke('jobs.get', { id: jobId }).then((job) => {
      if (isFinalJobState(job.state)) void finish();
    });
    return stop;
  }, [client, queryClient, jobId, kind]);

  return { progress, end };
}
