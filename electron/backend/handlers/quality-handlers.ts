import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { JobManager } from '../jobs/job-manager.js';
import { latestCheckResults } from '../quality/check-results.js';

export function qualityHandlers(session: ProjectSession, jobs: JobManager): DomainHandlers {
  return {
    'quality.results': () => latestCheckResults(session.current.db),
    'quality.run': ({ target }) => ({
      jobId: jobs.start(session.current, 'quality-run', { target: target ?? null }).id,
    }),
  };
}
