import type { DomainHandlers } from '../contract/handler-registry.js';
import { lineageGraph } from '../lineage/lineage-graph.js';
import type { ProjectSession } from '../project/project-session.js';

export function lineageHandlers(session: ProjectSession): DomainHandlers {
  return { 'lineage.graph': () => lineageGraph(session.current.db) };
}
