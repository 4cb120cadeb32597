/** xxHash32 (seed 0), the checksum LZ4 frames carry, per the xxHash specification. */
const PRIME1 = 2654435761;
const PRIME2 = 2246822519;
const PRIME3 = 3266489917;
const PRIME4 = 668265263;
const PRIME5 = 374761393;

const rotateLeft = (value: number, bits: number) => ((value << bits) | (value >>> (32 - bits))) >>> 0;
const multiply = (a: number, b: number) => Math.imul(a, b) >>> 0;
const lane = (bytes: Uint8Array, at: number) =>
  ((bytes[at] as number) |
    ((bytes[at + 1] as number) << 8) |
    ((bytes[at + 2] as number) << 16) |
    ((bytes[at + 3] as number) << 24)) >>>
  0;
const round = (accumulator: number, input: number) =>
  multiply(rotateLeft((accumulator + multiply(input, PRIME2)) >>> 0, 13), PRIME1);

export function xxhash32(bytes: Uint8Array): number {
  const length = bytes.length;
  let position = 0;
  let hash: number;
  if (length >= 16) {
    let v1 = (PRIME1 + PRIME2) >>> 0;
    let v2 = PRIME2;
    let v3 = 0;
    let v4 = (0 - PRIME1) >>> 0;
    for (; position + 16 <= length; position += 16) {
      v1 = round(v1, lane(bytes, position));
      v2 = round(v2, lane(bytes, position + 4));
      v3 = round(v3, lane(bytes, position + 8));
      v4 = round(v4, lane(bytes, position + 12));
    }
    hash = (rotateLeft(v1, 1) + rotateLeft(v2, 7) + rotateLeft(v3, 12) + rotateLeft(v4, 18)) >>> 0;
  } else hash = PRIME5;
  hash = (hash + length) >>> 0;
  for (; position + 4 <= length; position += 4)
    hash = multiply(rotateLeft((hash + multiply(lane(bytes, position), PRIME3)) >>> 0, 17), PRIME4);
  for (; position < length; position += 1)
    hash = multiply(rotateLeft((hash + multiply(bytes[position] as number, PRIME5)) >>> 0, 11), PRIME1);
  hash = multiply(hash ^ (hash >>> 15), PRIME2);
  hash = multiply(hash ^ (hash >>> 13), PRIME3);
  return (hash ^ (hash >>> 16)) >>> 0;
}
