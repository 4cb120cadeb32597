import { describe, expect, it } from 'vitest';
import { layoutPipeline, STEP_NODE_HEIGHT, STEP_NODE_WIDTH } from './pipeline-layout.js';

describe('the pipeline graph’s layout', () => {
  it('places every step below the steps it waits for, and parallel steps apart', () => {
    const placed = layoutPipeline([
      { name: 'load', kind: 'ingest', description: '', waitsFor: [] },
      { name: 'left', kind: 'sql', description: '', waitsFor: ['load'] },
      { name: 'right', kind: 'sql', description: '', waitsFor: ['load'] },
      { name: 'join', kind: 'sql', description: '', waitsFor: ['left', 'right'] },
    ]);
    const at = Object.fromEntries(placed.map((step) => [step.name, step]));
    expect(at.left?.y).toBeGreaterThanOrEqual((at.load?.y ?? 0) + STEP_NODE_HEIGHT);
    expect(at.join?.y).toBeGreaterThanOrEqual((at.left?.y ?? 0) + STEP_NODE_HEIGHT);
    expect(Math.abs((at.left?.x ?? 0) - (at.right?.x ?? 0))).toBeGreaterThanOrEqual(STEP_NODE_WIDTH);
    expect(at.left?.y).toBe(at.right?.y);
  });
});
