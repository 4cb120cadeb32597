import { createContext, type ReactNode, useContext } from 'react';
import type { TriadClient } from '../../../shared/client/triad-client.js';

const ClientContext = createContext<TriadClient | null>(null);

export function ClientProvider({ client, children }: { client: TriadClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): TriadClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a ClientProvider');
  return client;
}
