import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EventMessage } from '../../../shared/contract/events.js';
import type { JobKind, JobSummary } from '../../../shared/contract/jobs.js';
import type { ProjectInfo } from '../../../shared/contract/schemas.js';
import type { ServingStatus } from '../../../shared/contract/serving.js';
import { JOBS_LIST_KEY, mergeJob } from '../jobs/job-queries.js';
import { applyRunChange } from '../pipelines/pipeline-queries.js';
import { useUiStore } from '../state/ui-store.js';
import { useClient } from '../transport/client-context.js';

const DATA_CHANGING_JOBS = new Set<JobKind>(['import', 'materialize', 'training-set', 'quality-run']);

/** Keeps every cached query in step with what the backend pushes. */
export function useBackendEvents(): void {
  const client = useClient();
  const queryClient = useQueryClient();
  const connected = useUiStore((state) => state.connected);

  useEffect(() => {
    return client.subscribe((event: EventMessage) => {
      switch (event.name) {
        case 'services.changed':
          queryClient.setQueryData(['services.list', {}], event.payload);
          break;
        case 'project.changed': {
          const previous = queryClient.getQueryData<ProjectInfo>(['project.current', {}]);
          if (previous && previous.path !== event.payload.path) useUiStore.getState().forgetItems();
          queryClient.setQueryData(['project.current', {}], event.payload);
          void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'project.current' });
          break;
        }
        case 'settings.changed':
          queryClient.setQueryData(['settings.get', {}], event.payload);
          break;
        case 'jobs.changed':
          queryClient.setQueryData<JobSummary[]>(JOBS_LIST_KEY, (jobs) => mergeJob(jobs, event.payload));
          // A job that changed the data (perhaps started in a terminal) makes what was read from it stale.
          if (event.payload.state === 'succeeded' && DATA_CHANGING_JOBS.has(event.payload.kind))
            void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'jobs.list' });
          break;
        case 'pipelineRuns.changed':
          applyRunChange(queryClient, event.payload);
          break;
        case 'pipelines.changed':
          queryClient.setQueryData(['pipelines.list', {}], event.payload);
          void queryClient.invalidateQueries({ queryKey: ['pipelines.schedules'] });
          break;
        case 'pipelineSchedules.changed':
          void queryClient.invalidateQueries({ queryKey: ['pipelines.schedules'] });
          break;
        case 'serving.driftChecked':
          void queryClient.invalidateQueries({ queryKey: ['serving.driftReports'] });
          break;
        case 'serving.changed':
          // The deployments as they are now; the server's URL and logging settings did not change with them.
          queryClient.setQueryData<ServingStatus>(['serving.status', {}], (status) =>
            status ? { ...status, deployments: event.payload } : status,
          );
          // A fetch already in flight (after a deploy, say) may answer from before this change and put a
          // loading state back for good; asking again cancels it, and the answer is at least this new.
          void queryClient.invalidateQueries({ queryKey: ['serving.status'] });
          break;
        case 'keys.changed':
          if (event.payload.changed === 'own-key') void queryClient.invalidateQueries({ queryKey: ['keys.get'] });
          // Whether a bundle's signer is trusted follows the trust list.
          else
            for (const method of ['keys.trusted', 'bundles.inspect'])
              void queryClient.invalidateQueries({ queryKey: [method] });
          break;
      }
    });
  }, [client, queryClient]);

  useEffect(() => {
    if (connected) void queryClient.invalidateQueries();
  }, [connected, queryClient]);
}
