import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import type { ServiceSupervisor } from '../services/service-supervisor.js';

export function servicesHandlers(supervisor: ServiceSupervisor, session: ProjectSession): DomainHandlers {
  return {
    'services.list': () => supervisor.statuses(),
    'services.restart': ({ id }) => supervisor.restart(id, session.current),
  };
}
