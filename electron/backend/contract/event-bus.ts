import type { EventMessage, EventName, EventPayload } from '../../../shared/contract/events.js';

export type EventSink = (event: EventMessage) => void;

/** Fans pushed events out to every connected client, whatever its transport. */
export class EventBus {
  private readonly sinks = new Set<EventSink>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload } as EventMessage;
    for (const sink of this.sinks) sink(event);
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
