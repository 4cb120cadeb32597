import { z } from 'zod';
import { ProjectInfo, ServiceStatus, Settings } from './schemas.js';

/** Every event the backend pushes to its clients. */
export const events = {
  'services.changed': z.array(ServiceStatus),
  'project.changed': ProjectInfo,
  'settings.changed': Settings,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export interface EventMessage<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}

export const EVENT_NAMES = Object.keys(events) as EventName[];
