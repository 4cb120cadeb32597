import { MISSING_BIN } from './binning.js';
import { HISTOGRAM_STRIDE } from './histogram.js';

/** What a split needs from the trainer's settings. */
export interface SplitSettings {
  /** L2 penalty on leaf values (XGBoost's lambda). */
  lambda: number;
  /** The least hessian sum a child may have (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** The least loss reduction a split must bring (XGBoost's gamma). */
  minGain: number;
}

export interface Split {
  feature: number;
  categorical: boolean;
  bin: number;
  defaultLeft: boolean;
  gain: number;
  leftGradient: number;
  leftHessian: number;
}

/** How each feature is binned: whether it is categorical and how many value bins it has. */
export interface FeatureLayout {
  categorical: Uint8Array;
  valueBins: Int32Array;
}

/** The leaf score's share of the loss: G² / (H + λ). */
function score(gradient: number, hessian: number, lambda: number): number {
  return (gradient * gradient) / (hessian + lambda);
}

/**
 * The split of a node that reduces the loss most, over the listed features, from the node's
 * histogram and its gradient and hessian sums; null when no split gains more than `minGain`.
 * Numbers split at a bin with missing values sent whichever way gains more; a category is split
 * from the rest (a missing one goes with the rest).
 */
export function bestSplit(
  histogram: Float64Array,
  gradient: number,
  hessian: number,
  features: Int32Array,
  layout: FeatureLayout,
  settings: SplitSettings,
): Split | null {
  const { lambda, minChildWeight } = settings;
  const parent = score(gradient, hessian, lambda);
  let best: Split | null = null;
  let bestGain = Math.max(settings.minGain, 1e-12);
  const consider = (
    feature: number,
    categorical: boolean,
    bin: number,
    defaultLeft: boolean,
    leftGradient: number,
    leftHessian: number,
  ) => {
    const rightHessian = hessian - leftHessian;
    if (leftHessian < minChildWeight || rightHessian < minChildWeight) return;
    const gain =
      score(leftGradient, leftHessian, lambda) + score(gradient - leftGradient, rightHessian, lambda) - parent;
    if (gain > bestGain) {
      bestGain = gain;
      best = { feature, categorical, bin, defaultLeft, gain, leftGradient, leftHessian };
    }
  };
  for (let at = 0; at < features.length; at++) {
    const feature = features[at] as number;
    const base = feature * HISTOGRAM_STRIDE;
    const bins = layout.valueBins[feature] as number;
    if (layout.categorical[feature]) {
      for (let bin = 0; bin < bins; bin++)
        consider(
          feature,
          true,
          bin,
          false,
          histogram[base + 2 * bin] as number,
          histogram[base + 2 * bin + 1] as number,
        );
      continue;
    }
    const missingGradient = histogram[base + 2 * MISSING_BIN] as number;
    const missingHessian = histogram[base + 2 * MISSING_BIN + 1] as number;
    let leftGradient = 0;
    let leftHessian = 0;
    for (let bin = 0; bin < bins - 1; bin++) {
      leftGradient += histogram[base + 2 * bin] as number;
      leftHessian += histogram[base + 2 * bin + 1] as number;
      if (missingHessian > 0) {
        consider(feature, false, bin, false, leftGradient, leftHessian);
        consider(feature, false, bin, true, leftGradient + missingGradient, leftHessian + missingHessian);
      } else {
        // No missing value reached this node: unseen missing values follow the heavier side.
        consider(feature, false, bin, leftHessian >= hessian - leftHessian, leftGradient, leftHessian);
      }
    }
  }
  return best;
}
