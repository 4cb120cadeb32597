import type { ServiceId } from '../../../shared/services.js';
import type { Project } from '../db/project.js';

export interface ServiceContext {
  project: Project;
  /** A running service calls this when it breaks on its own (a worker died, a socket closed). */
  reportFailure(reason: string): void;
  /** A running service calls this when what it shows the user changes. */
  reportDetail(detail: string): void;
}

/** What a service shows the user once it is up. */
export interface ServiceReport {
  detail: string;
  url?: string;
}

/** One of the backend's long-lived parts. */
export interface Service {
  readonly id: ServiceId;
  start(context: ServiceContext): Promise<ServiceReport>;
  stop(): Promise<void>;
}
