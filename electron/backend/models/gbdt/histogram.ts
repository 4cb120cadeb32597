import { MISSING_BIN } from './binning.js';

/** Slots per feature in a histogram: every bin code, MISSING_BIN included. */
export const BINS_PER_FEATURE = MISSING_BIN + 1;
/** Each bin holds the sum of gradients and the sum of hessians, side by side. */
export const HISTOGRAM_STRIDE = BINS_PER_FEATURE * 2;

/** What histograms are summed from: each row's bin per feature, row-major, and the gradients of the current tree. */
export interface HistogramRows {
  codes: Uint8Array;
  width: number;
  gradients: Float64Array;
  hessians: Float64Array;
}

/** Binned training rows, also laid out feature by feature (feature x rows) for walking one feature's bins in row order. */
export interface BinnedRows extends HistogramRows {
  columns: Uint8Array;
  rows: number;
}

/** A histogram buffer sized for `width` features. */
export function newHistogram(width: number): Float64Array {
  return new Float64Array(width * HISTOGRAM_STRIDE);
}

/**
 * Adds the gradients and hessians of rows `order[start..end)` into `histogram`, bin by bin, for
 * the listed features only.
 */
export function accumulateHistogram(
  data: HistogramRows,
  order: Uint32Array,
  start: number,
  end: number,
  features: Int32Array,
  histogram: Float64Array,
): void {
  const { codes, width, gradients, hessians } = data;
  const featureCount = features.length;
  if (featureCount === width) {
    // Four features per step: V8 does not unroll the inner loop, and this one is most of training.
    const unrolledWidth = width & ~3;
    for (let index = start; index < end; index++) {
      const row = order[index] as number;
      const gradient = gradients[row] as number;
      const hessian = hessians[row] as number;
      const base = row * width;
      let feature = 0;
      let offset = 0;
      for (; feature < unrolledWidth; feature += 4, offset += 4 * HISTOGRAM_STRIDE) {
        const a = offset + ((codes[base + feature] as number) << 1);
        const b = offset + HISTOGRAM_STRIDE + ((codes[base + feature + 1] as number) << 1);
        const c = offset + 2 * HISTOGRAM_STRIDE + ((codes[base + feature + 2] as number) << 1);
        const d = offset + 3 * HISTOGRAM_STRIDE + ((codes[base + feature + 3] as number) << 1);
        histogram[a] = (histogram[a] as number) + gradient;
        histogram[a + 1] = (histogram[a + 1] as number) + hessian;
        histogram[b] = (histogram[b] as number) + gradient;
        histogram[b + 1] = (histogram[b + 1] as number) + hessian;
        histogram[c] = (histogram[c] as number) + gradient;
        histogram[c + 1] = (histogram[c + 1] as number) + hessian;
        histogram[d] = (histogram[d] as number) + gradient;
        histogram[d + 1] = (histogram[d + 1] as number) + hessian;
      }
      for (; feature < width; feature++, offset += HISTOGRAM_STRIDE) {
        const slot = offset + ((codes[base + feature] as number) << 1);
        histogram[slot] = (histogram[slot] as number) + gradient;
        histogram[slot + 1] = (histogram[slot + 1] as number) + hessian;
      }
    }
    return;
  }
  for (let index = start; index < end; index++) {
    const row = order[index] as number;
    const gradient = gradients[row] as number;
    const hessian = hessians[row] as number;
    const base = row * width;
    for (let at = 0; at < featureCount; at++) {
      const feature = features[at] as number;
      const slot = feature * HISTOGRAM_STRIDE + ((codes[base + feature] as number) << 1);
      histogram[slot] = (histogram[slot] as number) + gradient;
      histogram[slot + 1] = (histogram[slot + 1] as number) + hessian;
    }
  }
}

/** Builds a node's histogram from its rows `order[start..end)` into a zeroed buffer. */
export type HistogramBuilder = (
  order: Uint32Array,
  start: number,
  end: number,
  features: Int32Array,
  histogram: Float64Array,
) => void;

/**
 * A large node's rows are summed in this many parts (each into its own buffer, then added in
 * order), however many threads share them, so the sums do not depend on the machine.
 */
export const HISTOGRAM_PARTS = 4;
/** A node with fewer rows is summed in one go: parts would cost more than they save. */
export const PARTED_ROWS = 8192;

/** Where part `part` of the `count` rows from `start` begins. */
export function partStart(start: number, count: number, part: number): number {
  return start + Math.floor((count * part) / HISTOGRAM_PARTS);
}

/** target += source, slot by slot. */
export function addInto(target: Float64Array, source: Float64Array): void {
  for (let slot = 0; slot < target.length; slot++) target[slot] = (target[slot] as number) + (source[slot] as number);
}

/**
 * Sums parts `from..to` of a node's rows: the first into `first`, each other into its own
 * buffer of `buffers` (zeroed here).
 */
export function accumulateParts(
  data: HistogramRows,
  order: Uint32Array,
  start: number,
  end: number,
  features: Int32Array,
  from: number,
  to: number,
  buffers: readonly Float64Array[],
): void {
  for (let part = from; part < to; part++) {
    const buffer = buffers[part] as Float64Array;
    buffer.fill(0);
    accumulateHistogram(
      data,
      order,
      partStart(start, end - start, part),
      partStart(start, end - start, part + 1),
      features,
      buffer,
    );
  }
}

/** The histogram of a node on this thread, summed part by part as the threaded builder does. */
export function singleThreadBuilder(data: HistogramRows): HistogramBuilder {
  const buffers = Array.from({ length: HISTOGRAM_PARTS }, () => newHistogram(data.width));
  return (order, start, end, features, histogram) => {
    if (end - start < PARTED_ROWS) {
      accumulateHistogram(data, order, start, end, features, histogram);
      return;
    }
    accumulateParts(data, order, start, end, features, 0, HISTOGRAM_PARTS, buffers);
    for (const buffer of buffers) addInto(histogram, buffer);
  };
}

/** target -= source, slot by slot: a parent's histogram minus one child's is the other child's. */
export function subtractInto(target: Float64Array, source: Float64Array): void {
  for (let slot = 0; slot < target.length; slot++) target[slot] = (target[slot] as number) - (source[slot] as number);
}
