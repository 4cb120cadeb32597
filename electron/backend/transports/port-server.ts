import type { InvokeRequest, PortMessage } from '../../../shared/contract/wire.js';
import type { Backend } from '../backend.js';

/** A message channel to one client, whatever kind of port carries it. */
export interface ClientChannel {
  onMessage(listener: (message: unknown) => void): void;
  onClose(listener: () => void): void;
  post(message: PortMessage): void;
}

function isInvokeRequest(message: unknown): message is InvokeRequest {
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as Record<string, unknown>;
  return candidate.kind === 'invoke' && typeof candidate.id === 'number';
}

/** Desktop transport: answers calls arriving on a MessagePort and pushes events down it. */
export function serveChannel(backend: Backend, channel: ClientChannel): void {
  const unsubscribe = backend.subscribe((event) => channel.post({ kind: 'event', event }));
  channel.onClose(unsubscribe);
  channel.onMessage((message) => {
    if (!isInvokeRequest(message)) return;
    void backend.invoke(message.method, message.input).then((reply) => {
      channel.post({ kind: 'reply', id: message.id, reply });
    });
  });
}
