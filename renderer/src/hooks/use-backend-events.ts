import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { EventMessage } from '../../../shared/contract/events.js';
import type { ProjectInfo } from '../../../shared/contract/schemas.js';
import { useUiStore } from '../state/ui-store.js';
import { useClient } from '../transport/client-context.js';

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
      }
    });
  }, [client, queryClient]);

  useEffect(() => {
    if (connected) void queryClient.invalidateQueries();
  }, [connected, queryClient]);
}
