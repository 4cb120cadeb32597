import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { PipelineOutline } from '../../../shared/contract/pipeline-runs.js';
import { useClient } from '../transport/client-context.js';

const CHECK_DELAY_MS = 300;

/**
 * The backend's check of a text being edited, a moment after typing stops; and the last outline
 * without problems, so the graph stays drawn while the text is briefly broken.
 */
export function useCheckedOutline(text: string | null) {
  const client = useClient();
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const check = useQuery({
    queryKey: ['pipelines.check', { text: settled }],
    queryFn: () => client.invoke('pipelines.check', { text: settled as string }),
    enabled: settled !== null,
    placeholderData: (previous) => previous,
  });
  const lastGood = useRef<PipelineOutline | null>(null);
  if (check.data && check.data.problems.length === 0) lastGood.current = check.data;
  return { checked: check.data ?? null, drawn: lastGood.current };
}
