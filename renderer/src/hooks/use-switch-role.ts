import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { RoleId } from '../../../shared/roles.js';
import { useUiStore } from '../state/ui-store.js';
import { useClient } from '../transport/client-context.js';

/** Shows a role's workspace at once and remembers it for the next launch. */
export function useSwitchRole(): (role: RoleId) => void {
  const client = useClient();
  const queryClient = useQueryClient();
  return useCallback(
    (role: RoleId) => {
      if (useUiStore.getState().role === role) return;
      useUiStore.getState().showRole(role);
      void client
        .invoke('settings.setRole', { role })
        .then((settings) => queryClient.setQueryData(['settings.get', {}], settings));
    },
    [client, queryClient],
  );
}
