import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/seeded-random.js';
import { MISSING_BIN } from './binning.js';
import { HISTOGRAM_STRIDE } from './histogram.js';
import { BlockAllocator, gbdtKernel, kernelMemory } from './kernel.js';
import type { Split, SplitSettings } from './split.js';

interface FeatureLayout {
  categorical: Uint8Array;
  valueBins: Int32Array;
}

/** The kernel's findSplit on a node's histogram, as the trainer calls it. */
function bestSplit(
  histogram: Float64Array,
  gradient: number,
  hessian: number,
  features: Int32Array,
  layout: FeatureLayout,
  settings: SplitSettings,
): Split | null {
  const blocks = new BlockAllocator();
  const at = {
    histogram: blocks.take(histogram.length * 8),
    features: blocks.take(features.length * 4),
    valueBins: blocks.take(layout.valueBins.length * 4),
    categorical: blocks.take(layout.categorical.length),
    out: blocks.take(8 * 8),
  };
  const memory = kernelMemory(blocks.used);
  new Float64Array(memory.buffer, at.histogram, histogram.length).set(histogram);
  new Int32Array(memory.buffer, at.features, features.length).set(features);
  new Int32Array(memory.buffer, at.valueBins, layout.valueBins.length).set(layout.valueBins);
  new Uint8Array(memory.buffer, at.categorical, layout.categorical.length).set(layout.categorical);
  gbdtKernel(memory).findSplit(
    at.histogram,
    gradient,
    hessian,
    at.features,
    features.length,
    at.valueBins,
    at.categorical,
    settings.lambda,
    settings.minChildWeight,
    settings.minGain,
    at.out,
  );
  const [found, feature, bin, categorical, defaultLeft, gain, leftGradient, leftHessian] = new Float64Array(
    memory.buffer,
    at.out,
    8,
  );
  if (!found) return null;
  return {
    feature: feature as number,
    bin: bin as number,
    categorical: categorical === 1,
    defaultLeft: defaultLeft === 1,
    gain: gain as number,
    leftGradient: leftGradient as number,
    leftHessian: leftHessian as number,
  };
}

interface Candidate {
  feature: number;
  bin: number;
  categorical: boolean;
  defaultLeft: boolean;
  gain: number;
}

/** Every split the finder may choose, with its gain from the textbook formula, in tie order. */
function candidates(
  histogram: Float64Array,
  gradient: number,
  hessian: number,
  layout: FeatureLayout,
  settings: SplitSettings,
): Candidate[] {
  const score = (g: number, h: number) => (g * g) / (h + settings.lambda);
  const gainOf = (g: number, h: number) =>
    h < settings.minChildWeight || hessian - h < settings.minChildWeight
      ? Number.NEGATIVE_INFINITY
      : score(g, h) + score(gradient - g, hessian - h) - score(gradient, hessian);
  const all: Candidate[] = [];
  for (let feature = 0; feature < layout.valueBins.length; feature++) {
    const base = feature * HISTOGRAM_STRIDE;
    const bins = layout.valueBins[feature] as number;
    if (layout.categorical[feature]) {
      for (let bin = 0; bin < bins; bin++) {
        const h = histogram[base + 2 * bin + 1] as number;
        if (h > 0)
          all.push({
            feature,
            bin,
            categorical: true,
            defaultLeft: false,
            gain: gainOf(histogram[base + 2 * bin] as number, h),
          });
      }
      continue;
    }
    const missingG = histogram[base + 2 * MISSING_BIN] as number;
    const missingH = histogram[base + 2 * MISSING_BIN + 1] as number;
    let g = 0;
    let h = 0;
    for (let bin = 0; bin < bins - 1; bin++) {
      if ((histogram[base + 2 * bin + 1] as number) === 0) continue;
      g += histogram[base + 2 * bin] as number;
      h += histogram[base + 2 * bin + 1] as number;
      all.push({
        feature,
        bin,
        categorical: false,
        defaultLeft: missingH > 0 ? false : h >= hessian - h,
        gain: gainOf(g, h),
      });
      if (missingH > 0)
        all.push({ feature, bin, categorical: false, defaultLeft: true, gain: gainOf(g + missingG, h + missingH) });
    }
  }
  return all;
}

function randomNode(seed: number) {
  const random = seededRandom(seed);
  const features = 6;
  const layout: FeatureLayout = {
    categorical: Uint8Array.from({ length: features }, (_, feature) => (feature === 4 ? 1 : 0)),
    valueBins: Int32Array.from({ length: features }, () => 2 + Math.floor(random() * 60)),
  };
  const histogram = new Float64Array(features * HISTOGRAM_STRIDE);
  let gradient = 0;
  let hessian = 0;
  for (let feature = 0; feature < features; feature++) {
    const base = feature * HISTOGRAM_STRIDE;
    const bins = [...Array.from({ length: layout.valueBins[feature] as number }, (_, bin) => bin), MISSING_BIN];
    // Every feature sees the same rows: one set of row pairs binned per feature.
    const rows = 80;
    const rowRandom = seededRandom(seed * 7);
    for (let row = 0; row < rows; row++) {
      const g = rowRandom() * 2 - 1.2;
      const h = 0.05 + rowRandom() * 0.2;
      const missing = feature % 3 === 0 && random() < 0.15;
      const bin = missing ? MISSING_BIN : (bins[Math.floor(random() * (bins.length - 1))] as number);
      histogram[base + 2 * bin] = (histogram[base + 2 * bin] as number) + g;
      histogram[base + 2 * bin + 1] = (histogram[base + 2 * bin + 1] as number) + h;
      if (feature === 0) {
        gradient += g;
        hessian += h;
      }
    }
  }
  return { histogram, gradient, hessian, layout, features: Int32Array.from({ length: features }, (_, f) => f) };
}

describe('the kernel’s split finding', () => {
  it('picks the candidate of highest gain, with its gain and side sums, on random nodes', () => {
    const settings: SplitSettings = { lambda: 1, minChildWeight: 1, minGain: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const node = randomNode(seed);
      const split = bestSplit(node.histogram, node.gradient, node.hessian, node.features, node.layout, settings);
      const all = candidates(node.histogram, node.gradient, node.hessian, node.layout, settings);
      const best = all.reduce<Candidate | null>(
        (top, candidate) => (candidate.gain > (top?.gain ?? 1e-12) ? candidate : top),
        null,
      );
      if (!best) {
        expect(split).toBeNull();
        continue;
      }
      expect(split).not.toBeNull();
      const { feature, bin, categorical, defaultLeft, gain } = split as NonNullable<typeof split>;
      expect({ feature, bin, categorical, defaultLeft }).toEqual({
        feature: best.feature,
        bin: best.bin,
        categorical: best.categorical,
        defaultLeft: best.defaultLeft,
      });
      expect(gain).toBeCloseTo(best.gain, 9);
    }
  });

  it('keeps both sides at least minChildWeight heavy, and finds nothing below minGain', () => {
    const node = randomNode(5);
    const heavy = bestSplit(node.histogram, node.gradient, node.hessian, node.features, node.layout, {
      lambda: 1,
      minChildWeight: 3,
      minGain: 0,
    });
    if (heavy) {
      expect(heavy.leftHessian).toBeGreaterThanOrEqual(3);
      expect(node.hessian - heavy.leftHessian).toBeGreaterThanOrEqual(3);
    }
    expect(
      bestSplit(node.histogram, node.gradient, node.hessian, node.features, node.layout, {
        lambda: 1,
        minChildWeight: 1,
        minGain: 1e9,
      }),
    ).toBeNull();
    expect(
      bestSplit(node.histogram, node.gradient, node.hessian, node.features, node.layout, {
        lambda: 1,
        minChildWeight: node.hessian,
        minGain: 0,
      }),
    ).toBeNull();
  });
});
