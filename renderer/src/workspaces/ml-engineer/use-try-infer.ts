import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MethodInput } from '../../../../shared/contract/methods.js';
import { useClient } from '../../transport/client-context.js';

/** Sends a request to a deployment through the backend; what it logged shows on the monitoring page. */
export function useTryInfer() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'serving.tryInfer'>) => client.invoke('serving.tryInfer', input),
    onSuccess: () => {
      for (const method of ['serving.metrics', 'serving.predictions'])
        void queryClient.invalidateQueries({ queryKey: [method] });
    },
  });
}
