import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { JobManager } from '../jobs/job-manager.js';
import { JobStore } from '../jobs/job-store.js';

export function jobsHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  const store = () => new JobStore(session.current.db);
  return {
    'jobs.list': (filter) => store().list(filter),
    'jobs.get': ({ id }) => store().get(id),
    'jobs.cancel': ({ id }) => ({ cancelled: jobs.cancel(session.current.db, id) }),
  };
}
