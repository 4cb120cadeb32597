import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/methods.js';
import { useClient } from '../transport/client-context.js';

const FACTS_REFRESH_MS = 5_000;

/** Query keys are method names, so a pushed event can refresh exactly what it changed. */
export function useMethodQuery<M extends MethodName>(method: M, input: MethodInput<M>, refetchInterval?: number) {
  const client = useClient();
  return useQuery({
    queryKey: [method, input],
    queryFn: () => client.invoke(method, input),
    ...(refetchInterval ? { refetchInterval } : {}),
  });
}

export const useProject = () => useMethodQuery('project.current', {});
export const useProjectFacts = () => useMethodQuery('project.facts', {}, FACTS_REFRESH_MS);
export const useServices = () => useMethodQuery('services.list', {});
export const useSettings = () => useMethodQuery('settings.get', {});
export const useRecentProjects = () => useMethodQuery('project.recent', {});
export const useAppInfo = () => useMethodQuery('app.info', {});

export function useMethodMutation<M extends MethodName>(method: M) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => client.invoke(method, input),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
