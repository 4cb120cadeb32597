import type { RowSlice } from './feature-rows.js';

/**
 * What reading one wanted row costs against stepping past one row, for a view read as one table
 * scan (measured with twelve columns: 5.6 to 9.8; near the best cut, the readers' times change
 * little with it).
 */
const WANTED_ROW_COST = 8;
/** Slices are cut at multiples of this many rows. */
const BLOCK = 4096;

/**
 * The slices the second pass's readers take, given the marked (wanted) rows. A view read as one
 * loop over one table calls each reader's row function for every row from the view's first, so a
 * reader's work is the rows up to its slice's end, plus its wanted rows: slices are cut where that
 * work is about equal (the reader of the first slice takes more rows). Any other view runs each
 * slice as its own LIMIT and OFFSET: the first pass's equal slices stay.
 */
export function matchedValueSlices(
  marks: Uint8Array,
  firstPass: readonly RowSlice[],
  oneTableScan: boolean,
): RowSlice[] {
  const rows = marks.length;
  if (!oneTableScan || firstPass.length < 2) return [...firstPass];
  const blocks = Math.ceil(rows / BLOCK);
  // wantedBefore[block]: the wanted rows before that block's first row.
  const wantedBefore = new Float64Array(blocks + 1);
  for (let block = 0; block < blocks; block += 1) {
    let wanted = 0;
    for (let row = block * BLOCK; row < Math.min(rows, (block + 1) * BLOCK); row += 1) wanted += marks[row] as number;
    wantedBefore[block + 1] = (wantedBefore[block] as number) + wanted;
  }
  const end = (block: number) => Math.min(rows, block * BLOCK);
  const work = (from: number, to: number) =>
    end(to) + WANTED_ROW_COST * ((wantedBefore[to] as number) - (wantedBefore[from] as number));
  // The cuts that keep every reader's work within `limit`, or null when the last reader's exceeds it.
  const cutsWithin = (limit: number): number[] | null => {
    const cuts = [0];
    for (let reader = 1; reader < firstPass.length; reader += 1) {
      const from = cuts[cuts.length - 1] as number;
      let low = from;
      let high = blocks;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (work(from, middle) <= limit) low = middle;
        else high = middle - 1;
      }
      cuts.push(low);
    }
    return work(cuts[cuts.length - 1] as number, blocks) <= limit ? [...cuts, blocks] : null;
  };
  let low = 0;
  let high = work(0, blocks);
  let best = cutsWithin(high) as number[];
  for (let step = 0; step < 40 && high - low > 1; step += 1) {
    const middle = (low + high) / 2;
    const cuts = cutsWithin(middle);
    if (cuts) {
      best = cuts;
      high = middle;
    } else low = middle;
  }
  const slices: RowSlice[] = [];
  for (let reader = 0; reader + 1 < best.length; reader += 1) {
    const offset = end(best[reader] as number);
    const limit = end(best[reader + 1] as number) - offset;
    if (limit > 0) slices.push({ offset, limit });
  }
  return slices;
}
