import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import { readProjectFacts } from '../db/project-facts.js';

export function projectHandlers(session: ProjectSession): DomainHandlers {
  return {
    'project.current': () => session.info(),
    'project.facts': () => readProjectFacts(session.current),
    'project.open': ({ path }) => session.open(path),
    'project.create': ({ path, name, sample }) => session.create(path, name, sample ?? false),
    'project.recent': () => session.recent(),
  };
}
