/** IEEE 754 binary16 conversions. */

const POWERS_OF_TWO = new Float64Array(64);
for (let exponent = -32; exponent < 32; exponent += 1) POWERS_OF_TWO[exponent + 32] = 2 ** exponent;

function power(exponent: number): number {
  return POWERS_OF_TWO[exponent + 32] as number;
}

const doubleView = new Float64Array(1);
const doubleWords = new Uint32Array(doubleView.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor + (floor & 1);
}

/** The nearest half-precision value's bits, ties to even; too large becomes Infinity, NaN the quiet NaN 0x7e00. */
export function toFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || (value === 0 && 1 / value < 0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  // 65520 lies halfway between 65504 (the largest half, odd significand) and 2^16, so it rounds up.
  if (magnitude >= 65520) return sign | 0x7c00;
  if (magnitude < 2 ** -14) return sign | roundHalfToEven(magnitude * 2 ** 24);
  doubleView[0] = magnitude;
  const exponent = (((doubleWords[HIGH_WORD] as number) >>> 20) & 0x7ff) - 1023;
  const significand = roundHalfToEven(magnitude * power(10 - exponent));
  // A significand rounded up to 2048 carries into the exponent, which the sum does by itself.
  return sign | (((exponent + 15) << 10) + significand - 1024);
}

/** The number a half-precision bit pattern holds. */
export function fromFloat16Bits(bits: number): number {
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  let magnitude: number;
  if (exponent === 0) magnitude = fraction * 2 ** -24;
  else if (exponent === 0x1f) magnitude = fraction === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  else magnitude = (fraction + 1024) * power(exponent - 25);
  return bits & 0x8000 ? -magnitude : magnitude;
}
