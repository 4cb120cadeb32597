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

/** One version by reference (NAME, NAME@ALIAS or NAME:VERSION); asked for only once there is one. */
export function useModelVersion(reference: string | undefined) {
  const client = useClient();
  return useQuery({
    queryKey: ['models.get', { reference }],
    queryFn: () => client.invoke('models.get', { reference: reference as string }),
    enabled: Boolean(reference),
  });
}
