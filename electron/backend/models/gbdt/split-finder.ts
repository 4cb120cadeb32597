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

/**
 * The loss reduction of sending (leftGradient, leftHessian) of a node's sums left and the rest
 * right, or -Infinity when a side would weigh less than minChildWeight.
 */
function splitGain(
  gradient: number,
  hessian: number,
  leftGradient: number,
  leftHessian: number,
  parentScore: number,
  settings: SplitSettings,
): number {
  const rightHessian = hessian - leftHessian;
  if (leftHessian < settings.minChildWeight || rightHessian < settings.minChildWeight) return Number.NEGATIVE_INFINITY;
  const rightGradient = gradient - leftGradient;
  return (
    (leftGradient * leftGradient) / (leftHessian + settings.lambda) +
    (rightGradient * rightGradient) / (rightHessian + settings.lambda) -
    parentScore
  );
}

/**
 * The split of a node that reduces the loss most, over the listed features, from the node's
 * histogram and its gradient and hessian sums; null when no split gains more than `minGain`.
 * Numbers split at a bin with missing values sent whichever way gains more; a category is split
 * from the rest (a missing one goes with the rest). Ties go to the first candidate in feature,
 * bin, then missing-right-first order.
 */
export function bestSplit(
  histogram: Float64Array,
  gradient: number,
  hessian: number,
  features: Int32Array,
  layout: FeatureLayout,
  settings: SplitSettings,
): Split | null {
  const parentScore = (gradient * gradient) / (hessian + settings.lambda);
  let bestGain = Math.max(settings.minGain, 1e-12);
  let bestFeature = -1;
  let bestBin = 0;
  let bestCategorical = false;
  let bestDefaultLeft = false;
  let bestLeftGradient = 0;
  let bestLeftHessian = 0;
  for (let at = 0; at < features.length; at++) {
    const feature = features[at] as number;
    const base = feature * HISTOGRAM_STRIDE;
    const bins = layout.valueBins[feature] as number;
    if (layout.categorical[feature]) {
      for (let bin = 0; bin < bins; bin++) {
        const binGradient = histogram[base + 2 * bin] as number;
        const binHessian = histogram[base + 2 * bin + 1] as number;
        // A bin no row reached splits off nothing.
        if (binHessian === 0) continue;
        const gain = splitGain(gradient, hessian, binGradient, binHessian, parentScore, settings);
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = feature;
          bestBin = bin;
          bestCategorical = true;
          bestDefaultLeft = false;
          bestLeftGradient = binGradient;
          bestLeftHessian = binHessian;
        }
      }
      continue;
    }
    const missingGradient = histogram[base + 2 * MISSING_BIN] as number;
    const missingHessian = histogram[base + 2 * MISSING_BIN + 1] as number;
    let leftGradient = 0;
    let leftHessian = 0;
    for (let bin = 0; bin < bins - 1; bin++) {
      const binHessian = histogram[base + 2 * bin + 1] as number;
      // A bin no row reached splits the rows as the bin before it did (hessians are positive).
      if (binHessian === 0) continue;
      leftGradient += histogram[base + 2 * bin] as number;
      leftHessian += binHessian;
      const gain = splitGain(gradient, hessian, leftGradient, leftHessian, parentScore, settings);
      if (gain > bestGain) {
        bestGain = gain;
        bestFeature = feature;
        bestBin = bin;
        bestCategorical = false;
        // No missing value reached this node: unseen missing values follow the heavier side.
        bestDefaultLeft = missingHessian > 0 ? false : leftHessian >= hessian - leftHessian;
        bestLeftGradient = leftGradient;
        bestLeftHessian = leftHessian;
      }
      if (missingHessian > 0) {
        const withMissing = splitGain(
          gradient,
          hessian,
          leftGradient + missingGradient,
          leftHessian + missingHessian,
          parentScore,
          settings,
        );
        if (withMissing > bestGain) {
          bestGain = withMissing;
          bestFeature = feature;
          bestBin = bin;
          bestCategorical = false;
          bestDefaultLeft = true;
          bestLeftGradient = leftGradient + missingGradient;
          bestLeftHessian = leftHessian + missingHessian;
        }
      }
    }
  }
  if (bestFeature < 0) return null;
  return {
    feature: bestFeature,
    categorical: bestCategorical,
    bin: bestBin,
    defaultLeft: bestDefaultLeft,
    gain: bestGain,
    leftGradient: bestLeftGradient,
    leftHessian: bestLeftHessian,
  };
}
