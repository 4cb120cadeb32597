import { API_EVENTS_PATH, API_INVOKE_PREFIX } from '../../../shared/client/http-paths.js';
import type { EventListener, Transport } from '../../../shared/client/triad-client.js';
import { isErrorBody } from '../../../shared/contract/errors.js';
import type { EventMessage } from '../../../shared/contract/events.js';
import type { Reply } from '../../../shared/contract/wire.js';

export type ConnectionListener = (connected: boolean) => void;

/** Web mode: calls are POSTs to `triad serve`, events arrive over one Server-Sent Events stream. */
export function createWebTransport(onConnection: ConnectionListener): Transport {
  const listeners = new Set<EventListener>();
  const source = new EventSource(API_EVENTS_PATH);
  source.onopen = () => onConnection(true);
  source.onerror = () => onConnection(false);
  source.onmessage = (message: MessageEvent<string>) => {
    const event = JSON.parse(message.data) as EventMessage;
    for (const listener of listeners) listener(event);
  };

  return {
    async send(method, input): Promise<Reply> {
      let response: Response;
      try {
        response = await fetch(`${API_INVOKE_PREFIX}${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        return {
          ok: false,
          error: { code: 'unavailable', message: `the backend is unreachable (${(error as Error).message})` },
        };
      }
      const body: unknown = await response.json().catch(() => null);
      if (body && typeof body === 'object' && 'ok' in body) {
        const reply = body as Reply;
        if (reply.ok || isErrorBody(reply.error)) return reply;
      }
      return {
        ok: false,
        error: { code: 'internal', message: `unexpected answer from the backend (HTTP ${response.status})` },
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
