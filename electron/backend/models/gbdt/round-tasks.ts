import { binCodes, type FeatureBins } from './binning.js';
import { type BoostingTask, fillGradients } from './gradients.js';
import type { GbdtKernel } from './kernel.js';
import { CONTROL, TASK, type TrainingLayout, type TrainingViews } from './row-shards.js';

/** What the per-row work of a round needs beyond the layout. */
export interface RoundContext {
  layout: TrainingLayout;
  views: TrainingViews;
  task: BoostingTask;
  bins: FeatureBins[];
  kernel: GbdtKernel;
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
  else addLeafValues(context.kernel, layout, views, shard);
}

/** scores[row, output] += the value of the leaf each of the shard's rows reached. */
function addLeafValues(kernel: GbdtKernel, layout: TrainingLayout, views: TrainingViews, shard: number): void {
  const { control } = views;
  kernel.addLeafValues(
    layout.order,
    layout.scores,
    layout.outputs,
    control[CONTROL.output] as number,
    layout.leafValues,
    layout.leafRanges,
    control[CONTROL.leafCount] as number,
    layout.shards,
    shard,
  );
}
