import { binCodes, type FeatureBins } from './binning.js';
import { type BoostingTask, fillGradients } from './gradients.js';
import { CONTROL, TASK, type TrainingLayout, type TrainingViews } from './row-shards.js';

/** What the per-row work of a round needs beyond the layout. */
export interface RoundContext {
  layout: TrainingLayout;
  views: TrainingViews;
  task: BoostingTask;
  bins: FeatureBins[];
}

/** One shard's part of a bin, gradients or scores task. */
export function runRoundTask(context: RoundContext, shard: number): void {
  const { layout, views } = context;
  const from = layout.bounds[shard] as number;
  const to = layout.bounds[shard + 1] as number;
  const kind = views.control[CONTROL.kind];
  if (kind === TASK.bin) binCodes(context.bins, views.values, layout.rows, views.codes, true, from, to);
  else if (kind === TASK.gradients)
    fillGradients(context.task, views.scores, views.targets, layout.outputs, views.pairs, from, to);
  else addLeafValues(layout, views, shard);
}

/** scores[row, output] += the value of the leaf each of the shard's rows reached. */
function addLeafValues(layout: TrainingLayout, views: TrainingViews, shard: number): void {
  const { control, leafValues, leafRanges, order, scores } = views;
  const { outputs, shards } = layout;
  const output = control[CONTROL.output] as number;
  for (let leaf = 0; leaf < (control[CONTROL.leafCount] as number); leaf++) {
    const value = leafValues[leaf] as number;
    const at = (leaf * shards + shard) * 2;
    for (let index = leafRanges[at] as number; index < (leafRanges[at + 1] as number); index++) {
      const slot = (order[index] as number) * outputs + output;
      scores[slot] = (scores[slot] as number) + value;
    }
  }
}
