import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, type Transport } from '../../shared/client/triad-client.js';
import { App } from './app/App.js';
import { useUiStore } from './state/ui-store.js';
import { ClientProvider } from './transport/client-context.js';
import { createDesktopTransport, desktopBridge } from './transport/desktop-transport.js';
import { createWebTransport } from './transport/web-transport.js';
import './styles.css';

function pickTransport(): Transport {
  const bridge = desktopBridge();
  if (bridge) return createDesktopTransport(bridge);
  return createWebTransport((connected) => useUiStore.getState().setConnected(connected));
}

const client = createClient(pickTransport());
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 2_000 } } });
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ClientProvider client={client}>
        <App />
      </ClientProvider>
    </QueryClientProvider>
  </StrictMode>,
);
