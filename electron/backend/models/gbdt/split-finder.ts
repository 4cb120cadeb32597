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
 * The split of a node that reduces the loss most, over the listed features, from the node's
 * histogram and its gradient and hessian sums; null when no split gains more than `minGain`.
 * Numbers split at a bin with missing values sent whichever way gains more; a category is split
 * from the rest (a missing one goes with the rest). Ties go to the first candidate in feature,
 * bin, then missing-right-first order. A side must weigh at least minChildWeight.
 *
 * Sending (GL, HL) left and the rest right scores GL^2 / (HL + lambda) + GR^2 / (HR + lambda),
 * its gain less the parent's score. That is num / den with den = (HL + lambda)(HR + lambda) and
 * num = GL^2 (HR + lambda) + GR^2 (HL + lambda), so a candidate beats the best score so far when
 * num > best * den: no division per bin, only per improvement.
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
  const parentScore = (gradient * gradient) / (hessian + lambda);
  let bestScore = Math.max(settings.minGain, 1e-12) + parentScore;
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
        const leftHessian = histogram[base + 2 * bin + 1] as number;
        const rightHessian = hessian - leftHessian;
        // A bin no row reached splits off nothing.
        if (leftHessian === 0 || leftHessian < minChildWeight || rightHessian < minChildWeight) continue;
        const leftGradient = histogram[base + 2 * bin] as number;
        const rightGradient = gradient - leftGradient;
        const left = leftHessian + lambda;
        const right = rightHessian + lambda;
        const denominator = left * right;
        const numerator = leftGradient * leftGradient * right + rightGradient * rightGradient * left;
        if (numerator > bestScore * denominator) {
          bestScore = numerator / denominator;
          bestFeature = feature;
          bestBin = bin;
          bestCategorical = true;
          bestDefaultLeft = false;
          bestLeftGradient = leftGradient;
          bestLeftHessian = leftHessian;
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
      const rightHessian = hessian - leftHessian;
      if (leftHessian >= minChildWeight && rightHessian >= minChildWeight) {
        const rightGradient = gradient - leftGradient;
        const left = leftHessian + lambda;
        const right = rightHessian + lambda;
        const denominator = left * right;
        const numerator = leftGradient * leftGradient * right + rightGradient * rightGradient * left;
        if (numerator > bestScore * denominator) {
          bestScore = numerator / denominator;
          bestFeature = feature;
          bestBin = bin;
          bestCategorical = false;
          // No missing value reached this node: unseen missing values follow the heavier side.
          bestDefaultLeft = missingHessian > 0 ? false : leftHessian >= rightHessian;
          bestLeftGradient = leftGradient;
          bestLeftHessian = leftHessian;
        }
      }
      if (missingHessian === 0) continue;
      const withMissingGradient = leftGradient + missingGradient;
      const withMissingHessian = leftHessian + missingHessian;
      const restHessian = hessian - withMissingHessian;
      if (withMissingHessian < minChildWeight || restHessian < minChildWeight) continue;
      const restGradient = gradient - withMissingGradient;
      const left = withMissingHessian + lambda;
      const right = restHessian + lambda;
      const denominator = left * right;
      const numerator = withMissingGradient * withMissingGradient * right + restGradient * restGradient * left;
      if (numerator > bestScore * denominator) {
        bestScore = numerator / denominator;
        bestFeature = feature;
        bestBin = bin;
        bestCategorical = false;
        bestDefaultLeft = true;
        bestLeftGradient = withMissingGradient;
        bestLeftHessian = withMissingHessian;
      }
    }
  }
  if (bestFeature < 0) return null;
  return {
    feature: bestFeature,
    categorical: bestCategorical,
    bin: bestBin,
    defaultLeft: bestDefaultLeft,
    gain: bestScore - parentScore,
    leftGradient: bestLeftGradient,
    leftHessian: bestLeftHessian,
  };
}
