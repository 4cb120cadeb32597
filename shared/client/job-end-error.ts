import { TriadError } from '../contract/errors.js';
import type { Job } from '../contract/jobs.js';

/** The error a job that did not succeed ends its wait with: cancelled, interrupted, or its own error. */
export function jobEndError(job: Job): TriadError {
  if (job.state === 'cancelled') return new TriadError('cancelled', `${job.title}: cancelled`);
  if (job.state === 'interrupted')
    return new TriadError('interrupted', `${job.title}: interrupted (its process stopped while it ran)`);
  return new TriadError('job_failed', job.error ?? `${job.title} failed`);
}
