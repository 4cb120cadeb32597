import { type RoundContext, runRoundTask } from './round-tasks.js';
import { CONTROL, runShardTask, TASK } from './row-shards.js';
import { runSplitUnits, type SplitContext } from './split-units.js';

export interface TaskContext extends SplitContext, RoundContext {}

/** Thread `index` of `threads`' share of the task in the control block: the same work on whichever thread runs it. */
export function runTask(context: TaskContext, index: number, threads: number): void {
  const kind = context.views.control[CONTROL.kind];
  if (kind === TASK.find) {
    runSplitUnits(context, index, threads);
    return;
  }
  for (let shard = index; shard < context.layout.shards; shard += threads)
    if (kind === TASK.root || kind === TASK.split) runShardTask(context.kernel, context.layout, context.views, shard);
    else runRoundTask(context, shard);
}
