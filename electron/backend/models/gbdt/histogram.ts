import { MISSING_BIN } from './binning.js';

/** Slots per feature in a histogram: every bin code, MISSING_BIN included. */
const BINS_PER_FEATURE = MISSING_BIN + 1;
/** Each bin holds the sum of gradients and the sum of hessians, side by side. */
export const HISTOGRAM_STRIDE = BINS_PER_FEATURE * 2;
