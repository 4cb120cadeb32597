import { TriadError } from '../contract/errors.js';
import type { EventMessage } from '../contract/events.js';
import type { MethodInput, MethodName, MethodOutput } from '../contract/methods.js';
import type { Reply } from '../contract/wire.js';

export type EventListener = (event: EventMessage) => void;

/** What the renderer, the CLI and tests use, whatever carries the calls. */
export interface TriadClient {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe(listener: EventListener): () => void;
}

/** The two primitives a transport must offer; the typed client is built on top of them. */
export interface Transport {
  send(method: MethodName, input: unknown): Promise<Reply>;
  subscribe(listener: EventListener): () => void;
}

export function unwrapReply<T>(reply: Reply): T {
  if (reply.ok) return reply.result as T;
  throw TriadError.fromBody(reply.error);
}

export function createClient(transport: Transport): TriadClient {
  return {
    async invoke(method, input) {
      return unwrapReply(await transport.send(method, input));
    },
    subscribe: (listener) => transport.subscribe(listener),
  };
}
