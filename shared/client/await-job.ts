import { isFinalJobState, type JobKind, type JobProgress, type JobResult, jobResults } from '../contract/jobs.js';
import { jobEndError } from './job-end-error.js';
import type { TriadClient } from './triad-client.js';

/** The part of an AbortSignal used here (shared/ compiles without DOM or Node types). */
interface CancelSignal {
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface AwaitJobOptions {
  onProgress?(progress: JobProgress): void;
  /** Aborting cancels the job, and the wait ends as cancelled. */
  signal?: CancelSignal;
}

/**
 * Waits for a job to end, following its events, and returns its result checked against its kind's
 * schema. Events that arrived before the subscription are covered by reading the job once subscribed.
 */
export function awaitJob<K extends JobKind>(
  client: TriadClient,
  jobId: string,
  kind: K,
  options: AwaitJobOptions = {},
): Promise<JobResult<K>> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const settle = async () => {
      if (finished) return;
      finished = true;
      unsubscribe();
      options.signal?.removeEventListener('abort', cancel);
      try {
        const job = await client.invoke('jobs.get', { id: jobId });
        if (job.state === 'succeeded') resolve(jobResults[kind].parse(job.result) as JobResult<K>);
        else reject(jobEndError(job));
      } catch (error) {
        reject(error);
      }
    };
    const unsubscribe = client.subscribe((event) => {
      if (event.name === 'jobs.progress' && event.payload.jobId === jobId) options.onProgress?.(event.payload.progress);
      if (event.name === 'jobs.changed' && event.payload.id === jobId && isFinalJobState(event.payload.state))
        void settle();
    });
    const cancel = () => void client.invoke('jobs.cancel', { id: jobId }).catch(() => {});
    options.signal?.addEventListener('abort', cancel, { once: true });
    client.invoke('jobs.get', { id: jobId }).then(
      (job) => {
        if (isFinalJobState(job.state)) void settle();
      },
      (error: unknown) => {
        finished = true;
        unsubscribe();
        reject(error);
      },
    );
  });
}

/** Starts a job through its contract method and waits for its result. */
export async function runJob<K extends JobKind>(
  client: TriadClient,
  kind: K,
  start: (client: TriadClient) => Promise<{ jobId: string }>,
  options: AwaitJobOptions = {},
): Promise<JobResult<K>> {
  const { jobId } = await start(client);
  return awaitJob(client, jobId, kind, options);
}
