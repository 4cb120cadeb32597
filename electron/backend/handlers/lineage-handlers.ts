import type { ProjectSession } from '../app/project-session.js';
import type { DomainHandlers } from '../contract/handler-registry.js';
import { lineageGraph } from '../lineage/lineage-graph.js';

export function lineageHandlers(session: ProjectSession): DomainHandlers {
  return { 'lineage.graph': () => lineageGraph(session.current.db) };
}
