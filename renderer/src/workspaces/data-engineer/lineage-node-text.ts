import type { LineageNode } from '../../../../shared/contract/schemas.js';

export const KIND_NAMES: Record<LineageNode['kind'], string> = {
  file: 'File',
  table: 'Table',
  'feature view': 'Feature view',
  'feature service': 'Feature service',
  'training set': 'Training set',
  model: 'Model version',
};

/**
 * The second line of a node: its kind, and what else fits in a glance. A file's detail is its
 * full path, too long for a node: that shows in its tooltip and its imports panel.
 */
export function subtitleOf(node: LineageNode): string {
  return node.detail && node.kind !== 'file' ? `${KIND_NAMES[node.kind]} · ${node.detail}` : KIND_NAMES[node.kind];
}
