import type { ErrorBody } from './errors.js';
import type { EventMessage } from './events.js';

/** The envelope every transport carries a method's result in. */
export type Reply = { ok: true; result: unknown } | { ok: false; error: ErrorBody };

export interface InvokeRequest {
  kind: 'invoke';
  id: number;
  method: string;
  input: unknown;
}

export type PortMessage = { kind: 'reply'; id: number; reply: Reply } | { kind: 'event'; event: EventMessage };
