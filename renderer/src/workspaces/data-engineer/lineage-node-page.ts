import type { LineageNode } from '../../../../shared/contract/schemas.js';
import type { RoleId } from '../../../../shared/roles.js';

export interface PageLink {
  role: RoleId;
  page: string;
  item: string;
}

/**
 * The page a lineage node opens, with the node chosen on it. A file has no page of its own (its
 * path may not even exist any more), so the lineage page shows its imports beside the graph instead.
 */
export function pageOfLineageNode(node: LineageNode): PageLink | null {
  switch (node.kind) {
    case 'table':
    case 'training set':
      return { role: 'data-engineer', page: 'tables', item: node.label };
    case 'feature view':
      return { role: 'data-engineer', page: 'feature-views', item: node.label };
    case 'feature service':
      return { role: 'data-scientist', page: 'training-sets', item: node.label };
    case 'model':
      return { role: 'data-scientist', page: 'models', item: node.label.split(':')[0] ?? node.label };
    case 'file':
      return null;
  }
}
