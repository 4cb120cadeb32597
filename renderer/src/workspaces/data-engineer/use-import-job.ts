import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ImportOutcome, ImportProgress } from '../../../../shared/contract/schemas.js';
import { useClient } from '../../transport/client-context.js';

/** Follows one import through the pushed events: its progress, then its outcome. */
export function useImportJob(jobId: string | null): { progress: ImportProgress | null; outcome: ImportOutcome | null } {
  const client = useClient();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  useEffect(() => {
    setProgress(null);
    setOutcome(null);
    if (!jobId) return;
    return client.subscribe((event) => {
      if (event.name === 'imports.progress' && event.payload.jobId === jobId) setProgress(event.payload.progress);
      if (event.name === 'imports.finished' && event.payload.jobId === jobId) {
        setOutcome(event.payload);
        void queryClient.invalidateQueries();
      }
    });
  }, [client, queryClient, jobId]);

  return { progress, outcome };
}
