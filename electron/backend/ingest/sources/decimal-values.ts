/**
 * Decimals of Arrow and Parquet files as a table holds them: from the exact unscaled integer and
 * the scale, never through a multiplication by 10^-scale (which misses the nearest double: 3 with
 * scale 1 would give 0.30000000000000004).
 */

/** Digits a double holds exactly: a decimal of at most this precision is imported as a REAL without loss. */
const REAL_DECIMAL_DIGITS = 15;

/** How a decimal column of this precision is stored: the nearest double, or its exact text past 15 digits. */
export function decimalDeclaredType(precision: number): 'real' | 'text' {
  return precision <= REAL_DECIMAL_DIGITS ? 'real' : 'text';
}

/** A decimal's exact text, e.g. `-12.05` for the unscaled integer -1205 with scale 2. */
export function decimalText(unscaled: bigint, scale: number): string {
  const sign = unscaled < 0n ? '-' : '';
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString();
  if (scale <= 0) return unscaled === 0n ? '0' : `${sign}${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/** Converts unscaled integers of one column: to the nearest double of the exact decimal, or to its text. */
export function decimalConverter(precision: number, scale: number): (unscaled: bigint) => number | string {
  if (decimalDeclaredType(precision) === 'text') return (unscaled) => decimalText(unscaled, scale);
  // Number() of the exact decimal text rounds once, to the nearest double.
  return (unscaled) => Number(decimalText(unscaled, scale));
}

/** The signed integer held by big-endian two's-complement bytes (Parquet's binary decimals); 0 for none. */
export function bigEndianSigned(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return bytes.length > 0 ? BigInt.asIntN(bytes.length * 8, value) : 0n;
}

/** The signed integer held by little-endian 32-bit two's-complement words (Arrow's decimals). */
export function littleEndianWordsSigned(words: Uint32Array): bigint {
  let value = 0n;
  for (let index = words.length - 1; index >= 0; index -= 1) value = (value << 32n) | BigInt(words[index] as number);
  return BigInt.asIntN(words.length * 32, value);
}
