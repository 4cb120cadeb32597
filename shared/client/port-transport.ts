import type { EventMessage } from '../contract/events.js';
import type { InvokeRequest, PortMessage, Reply } from '../contract/wire.js';
import type { EventListener, Transport } from './triad-client.js';

/** The part of a MessagePort (DOM, node:worker_threads or Electron) this transport needs. */
export interface PortLike {
  postMessage(message: InvokeRequest): void;
  start?(): void;
  close?(): void;
}

/**
 * Correlates replies with requests over one port. The owner feeds incoming messages to
 * `receive`, so the same code serves DOM ports (onmessage) and Node ports (on('message')).
 */
export function createPortTransport(port: PortLike): Transport & {
  receive(message: PortMessage): void;
  failPending(reason: string): void;
} {
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();
  const listeners = new Set<EventListener>();

  return {
    send(method, input) {
      const id = nextId++;
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve);
        port.postMessage({ kind: 'invoke', id, method, input });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    receive(message) {
      if (message.kind === 'reply') {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.reply);
        return;
      }
      for (const listener of listeners) listener(message.event as EventMessage);
    },
    failPending(reason) {
      for (const resolve of pending.values()) {
        resolve({ ok: false, error: { code: 'unavailable', message: reason } });
      }
      pending.clear();
    },
  };
}
