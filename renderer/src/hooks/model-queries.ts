import { useQuery } from '@tanstack/react-query';
import { useClient } from '../transport/client-context.js';

export function useModels() {
  const client = useClient();
  return useQuery({ queryKey: ['models.list', {}], queryFn: () => client.invoke('models.list', {}) });
}

/** Every version of a model, newest first; asked for only once a model is chosen. */
export function useModelVersions(name: string | undefined) {
  const client = useClient();
  return useQuery({
    queryKey: ['models.versions', name],
    queryFn: () => client.invoke('models.versions', { name: name as string }),
    enabled: Boolean(name),
  });
}
