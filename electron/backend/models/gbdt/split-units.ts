import { HISTOGRAM_STRIDE } from './histogram.js';
import type { GbdtKernel } from './kernel.js';
import type { NodeHistograms } from './node-histograms.js';
import { CONTROL, shardHistogram, type TrainingLayout, type TrainingViews } from './row-shards.js';
import type { SplitSettings } from './split.js';
/**
 * Per unit of a find task (one node), as doubles: where its histogram comes from, its sums, and
 * the best split found. A node's histogram is its shards' sum for the task item (`fromShards` 1),
 * or its parent's minus them (0), written over the parent's.
 */
export const UNIT = {
  histogram: 0,
  item: 1,
  fromShards: 2,
  /** The node's gradient and hessian sums; NaN when they are to be read off the histogram. */
  gradient: 3,
  hessian: 4,
  found: 5,
  feature: 6,
  bin: 7,
  categorical: 8,
  defaultLeft: 9,
  gain: 10,
  leftGradient: 11,
  leftHessian: 12,
  stride: 16,
} as const;

/** What every thread needs to find splits. */
export interface SplitContext {
  kernel: GbdtKernel;
  layout: TrainingLayout;
  views: TrainingViews;
  histograms: NodeHistograms;
  settings: SplitSettings;
}

/**
 * Thread `index` of `threads`' units of the find task: each node's histogram, sums and best
 * split. A split's two units (one summed from the shards, the other subtracted from its parent)
 * go to the threads in turn, and each split starts one thread further, so every thread gets
 * both kinds.
 */
export function runSplitUnits(context: SplitContext, index: number, threads: number): void {
  const { kernel, layout, views, histograms, settings } = context;
  const { control, units } = views;
  const featureCount = control[CONTROL.featureCount] as number;
  const shardStride = shardHistogram(layout, 0, 1) - shardHistogram(layout, 0, 0);
  for (let unit = 0; unit < (control[CONTROL.units] as number); unit++) {
    if ((unit + (unit >> 1)) % threads !== index) continue;
    const at = unit * UNIT.stride;
    const id = units[at + UNIT.histogram] as number;
    kernel.combine(
      histograms.address(id),
      shardHistogram(layout, units[at + UNIT.item] as number, 0),
      layout.shards,
      shardStride,
      layout.features,
      featureCount,
      layout.valueBins,
      units[at + UNIT.fromShards] ? 0 : 1,
    );
    if (Number.isNaN(units[at + UNIT.gradient])) {
      const histogram = histograms.get(id);
      const base = (views.features[0] as number) * HISTOGRAM_STRIDE;
      let gradient = 0;
      let hessian = 0;
      for (let slot = base; slot < base + HISTOGRAM_STRIDE; slot += 2) {
        gradient += histogram[slot] as number;
        hessian += histogram[slot + 1] as number;
      }
      units[at + UNIT.gradient] = gradient;
      units[at + UNIT.hessian] = hessian;
    }
    kernel.findSplit(
      histograms.address(id),
      units[at + UNIT.gradient] as number,
      units[at + UNIT.hessian] as number,
      layout.features,
      featureCount,
      layout.valueBins,
      layout.categorical,
      settings.lambda,
      settings.minChildWeight,
      settings.minGain,
      layout.units + (at + UNIT.found) * 8,
    );
  }
}
