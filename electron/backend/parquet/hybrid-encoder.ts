import type { ByteOutput } from './byte-output.js';

/** A run of at least this many equal values is written as one repeated run. */
const RUN = 8;

/** How many of the values from `from` (up to `limit` of them) equal the first. */
function runLength(values: ArrayLike<number>, from: number, end: number, limit: number): number {
  const first = values[from];
  let at = from + 1;
  const stop = Math.min(end, from + limit);
  while (at < stop && values[at] === first) at += 1;
  return at - from;
}

/**
 * Writes `values[start..end)`, each `width` bits (1 to 32), in Parquet's RLE / bit-packed hybrid
 * encoding: a run of eight or more equal values as one repeated run, the rest packed eight at a
 * time, least significant bit first. Only the last group may be padded, so the values are
 * written whole, as a page holds them.
 */
export function writeHybrid(
  output: ByteOutput,
  values: ArrayLike<number>,
  start: number,
  end: number,
  width: number,
): void {
  const valueBytes = (width + 7) >> 3;
  let at = start;
  while (at < end) {
    const run = runLength(values, at, end, end - at);
    if (run >= RUN) {
      output.varint(run * 2);
      const value = values[at] as number;
      for (let index = 0; index < valueBytes; index += 1) output.byte(Math.floor(value / 2 ** (8 * index)) & 0xff);
      at += run;
      continue;
    }
    let packedEnd = at + RUN;
    while (packedEnd < end && runLength(values, packedEnd, end, RUN) < RUN) packedEnd += RUN;
    const groups = Math.ceil((Math.min(packedEnd, end) - at) / RUN);
    output.varint(groups * 2 + 1);
    packBits(output, values, at, Math.min(packedEnd, end), groups * RUN, width);
    at = Math.min(packedEnd, end);
  }
}

/** Packs `values[start..end)` in `slots` slots of `width` bits (zeros past `end`). */
function packBits(
  output: ByteOutput,
  values: ArrayLike<number>,
  start: number,
  end: number,
  slots: number,
  width: number,
): void {
  if (width === 1) {
    packFlags(output, values, start, end, slots);
    return;
  }
  output.reserve((slots * width) / 8);
  // Arithmetic rather than bit operators: fewer than 8 bits wait while up to 32 more come in,
  // which a double holds exactly and a 32-bit integer would not.
  let pending = 0;
  let pendingBits = 0;
  for (let slot = 0; slot < slots; slot += 1) {
    // As unsigned: a 32-bit value read back into an Int32Array may be negative.
    const value = start + slot < end ? (values[start + slot] as number) >>> 0 : 0;
    pending += value * 2 ** pendingBits;
    pendingBits += width;
    for (; pendingBits >= 8; pendingBits -= 8) {
      output.byte(pending % 256);
      pending = Math.floor(pending / 256);
    }
  }
}

/** packBits for one-bit values (definition levels), a byte of eight at a time. */
function packFlags(output: ByteOutput, values: ArrayLike<number>, start: number, end: number, slots: number): void {
  output.reserve(slots / 8);
  const whole = start + Math.floor((end - start) / 8) * 8;
  let at = start;
  for (; at < whole; at += 8)
    output.byte(
      (values[at] as number) |
        ((values[at + 1] as number) << 1) |
        ((values[at + 2] as number) << 2) |
        ((values[at + 3] as number) << 3) |
        ((values[at + 4] as number) << 4) |
        ((values[at + 5] as number) << 5) |
        ((values[at + 6] as number) << 6) |
        ((values[at + 7] as number) << 7),
    );
  if (at < start + slots) {
    let byte = 0;
    for (let bit = 0; at + bit < end; bit += 1) byte |= (values[at + bit] as number) << bit;
    output.byte(byte);
  }
}
