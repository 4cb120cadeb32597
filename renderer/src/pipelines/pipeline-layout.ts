import { graphlib, layout } from '@dagrejs/dagre';
import type { PipelineOutline } from '../../../shared/contract/pipeline-runs.js';

export const STEP_NODE_WIDTH = 190;
export const STEP_NODE_HEIGHT = 58;

export interface PlacedStep {
  name: string;
  kind: string;
  /** Top-left corner. */
  x: number;
  y: number;
}

/** Steps top to bottom in the order they run (dagre's ranks follow what each waits for), to sit beside the editor. */
export function layoutPipeline(steps: PipelineOutline['steps']): PlacedStep[] {
  const dag = new graphlib.Graph();
  dag.setGraph({ rankdir: 'TB', ranksep: 40, nodesep: 28, marginx: 8, marginy: 8 });
  dag.setDefaultEdgeLabel(() => ({}));
  for (const step of steps) dag.setNode(step.name, { width: STEP_NODE_WIDTH, height: STEP_NODE_HEIGHT });
  for (const step of steps) for (const waited of step.waitsFor) dag.setEdge(waited, step.name);
  layout(dag);
  return steps.map((step) => {
    const { x, y } = dag.node(step.name) as { x: number; y: number };
    return { name: step.name, kind: step.kind, x: x - STEP_NODE_WIDTH / 2, y: y - STEP_NODE_HEIGHT / 2 };
  });
}
