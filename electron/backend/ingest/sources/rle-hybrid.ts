/**
 * Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices), decoded
 * straight into a typed array: runs of one repeated value, and groups of 8 values packed
 * `width` bits each, least significant bit first.
 */

/** Thrown when the encoded runs end before the values they should hold. */
export class HybridDataError extends Error {}

/**
 * Decodes `count` values of `width` bits (0 to 32) from `bytes[offset..end)` into `out[0..count)`;
 * returns the offset after the last run it read.
 */
export function decodeHybrid(
  bytes: Uint8Array,
  offset: number,
  end: number,
  width: number,
  out: Int32Array | Uint8Array,
  count: number,
): number {
  if (width < 0 || width > 32) throw new HybridDataError(`a bit width of ${width} is not one Parquet writes`);
  const valueBytes = (width + 7) >> 3;
  let at = offset;
  let seen = 0;
  while (seen < count) {
    let header = 0;
    let shift = 0;
    for (;;) {
      if (at >= end || shift > 28) throw new HybridDataError(`the encoded values end after ${seen} of ${count}`);
      const byte = bytes[at++] as number;
      header += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    if (header % 2 === 1) {
      const groups = (header - 1) / 2;
      const runEnd = at + groups * width;
      if (runEnd > end) throw new HybridDataError(`a bit-packed run goes past the end of its data`);
      const values = Math.min(groups * 8, count - seen);
      unpack(bytes, at, width, out, seen, values);
      seen += values;
      at = runEnd;
    } else {
      if (at + valueBytes > end) throw new HybridDataError(`a repeated run goes past the end of its data`);
      let value = 0;
      for (let index = 0; index < valueBytes; index += 1) value += (bytes[at + index] as number) * 2 ** (8 * index);
      at += valueBytes;
      const repeats = Math.min(header / 2, count - seen);
      out.fill(value, seen, seen + repeats);
      seen += repeats;
    }
  }
  return at;
}

/** Unpacks `values` values of `width` bits starting at `bytes[offset]` into `out` from `first`. */
function unpack(
  bytes: Uint8Array,
  offset: number,
  width: number,
  out: Int32Array | Uint8Array,
  first: number,
  values: number,
): void {
  const last = first + values;
  if (width === 0) {
    out.fill(0, first, last);
    return;
  }
  let at = offset;
  let buffer = 0;
  let bits = 0;
  if (width <= 24) {
    // At most 23 bits wait in the buffer when a byte is added: it stays within 31 bits.
    const mask = (1 << width) - 1;
    for (let index = first; index < last; index += 1) {
      while (bits < width) {
        buffer |= (bytes[at++] as number) << bits;
        bits += 8;
      }
      out[index] = buffer & mask;
      buffer >>>= width;
      bits -= width;
    }
    return;
  }
  const scale = 2 ** width;
  for (let index = first; index < last; index += 1) {
    while (bits < width) {
      buffer += (bytes[at++] as number) * 2 ** bits;
      bits += 8;
    }
    const value = buffer % scale;
    out[index] = value;
    buffer = (buffer - value) / scale;
    bits -= width;
  }
}
