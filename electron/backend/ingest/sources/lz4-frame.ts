/**
 * Decompression of the LZ4 frame format (what Arrow IPC's LZ4_FRAME buffers hold), following
 * the LZ4 frame and block format descriptions. Blocks may be independent or linked (a match may
 * reach back into earlier blocks), so everything is decoded into one growing output. The
 * header, block and content checksums a frame carries are verified.
 */
import { xxhash32 } from './xxhash32.js';

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_SIZES: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

export class Lz4FormatError extends Error {}

class Output {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 64));
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

class Input {
  position = 0;

  constructor(readonly bytes: Uint8Array) {}

  need(count: number, what: string): void {
    if (this.position + count > this.bytes.length) throw new Lz4FormatError(`LZ4 data is truncated (in ${what})`);
  }

  byte(what: string): number {
    this.need(1, what);
    return this.bytes[this.position++] as number;
  }

  uint32(what: string): number {
    this.need(4, what);
    const view = this.bytes;
    const at = this.position;
    this.position += 4;
    return (
      ((view[at] as number) |
        ((view[at + 1] as number) << 8) |
        ((view[at + 2] as number) << 16) |
        ((view[at + 3] as number) << 24)) >>>
      0
    );
  }
}

/** A length that continues in further bytes while they are 255 (the block format's length extension). */
function extendedLength(input: Input, base: number): number {
  let length = base;
  if (base !== 15) return length;
  for (;;) {
    const more = input.byte('a sequence length');
    length += more;
    if (more !== 255) return length;
  }
}

/** Decodes one compressed block of `size` bytes, appending to `output` (earlier output may be referenced). */
function decodeBlock(input: Input, size: number, output: Output, blockMaxSize: number): void {
  const end = input.position + size;
  input.need(size, 'a block');
  output.reserve(blockMaxSize);
  while (input.position < end) {
    const token = input.byte('a sequence');
    const literals = extendedLength(input, token >> 4);
    if (input.position + literals > end) throw new Lz4FormatError('LZ4 block literals run past the block');
    output.reserve(literals);
    output.bytes.set(input.bytes.subarray(input.position, input.position + literals), output.length);
    output.length += literals;
    input.position += literals;
    if (input.position === end) return;
    const offset = input.byte('a match offset') | (input.byte('a match offset') << 8);
    if (offset === 0 || offset > output.length) throw new Lz4FormatError('LZ4 match offset points before the data');
    const matchLength = extendedLength(input, token & 15) + 4;
    output.reserve(matchLength);
    const bytes = output.bytes;
    let from = output.length - offset;
    let to = output.length;
    // Byte by byte: a match may overlap the bytes it is producing.
    for (let copied = 0; copied < matchLength; copied += 1) bytes[to++] = bytes[from++] as number;
    output.length = to;
  }
  if (input.position !== end) throw new Lz4FormatError('LZ4 block is longer than its size says');
}

function decodeFrame(input: Input, output: Output): void {
  const descriptorStart = input.position;
  const contentStart = output.length;
  const flags = input.byte('the frame descriptor');
  const blockDescriptor = input.byte('the frame descriptor');
  if (flags >> 6 !== 1) throw new Lz4FormatError(`unsupported LZ4 frame version ${flags >> 6}`);
  const blockChecksums = (flags & 0x10) !== 0;
  const contentSize = (flags & 0x08) !== 0;
  const contentChecksum = (flags & 0x04) !== 0;
  const dictionary = (flags & 0x01) !== 0;
  const blockMaxSize = BLOCK_MAX_SIZES[(blockDescriptor >> 4) & 7];
  if (!blockMaxSize) throw new Lz4FormatError('LZ4 frame has an invalid block size');
  if (contentSize) {
    const low = input.uint32('the content size');
    const high = input.uint32('the content size');
    output.reserve(high * 2 ** 32 + low);
  }
  if (dictionary) throw new Lz4FormatError('LZ4 frames that need a dictionary are not supported');
  const descriptor = input.bytes.subarray(descriptorStart, input.position);
  if (input.byte('the header checksum') !== ((xxhash32(descriptor) >>> 8) & 0xff))
    throw new Lz4FormatError('LZ4 frame header is damaged (its checksum does not match)');
  for (;;) {
    const word = input.uint32('a block size');
    if (word === 0) break;
    const uncompressed = (word & 0x80000000) !== 0;
    const size = word & 0x7fffffff;
    if (size > blockMaxSize) throw new Lz4FormatError('LZ4 block is larger than its frame allows');
    input.need(size, 'a block');
    const stored = input.bytes.subarray(input.position, input.position + size);
    if (uncompressed) {
      output.reserve(size);
      output.bytes.set(input.bytes.subarray(input.position, input.position + size), output.length);
      output.length += size;
      input.position += size;
    } else decodeBlock(input, size, output, blockMaxSize);
    if (blockChecksums && input.uint32('a block checksum') !== xxhash32(stored))
      throw new Lz4FormatError('LZ4 block is damaged (its checksum does not match)');
  }
  if (contentChecksum) {
    const expected = input.uint32('the content checksum');
    if (expected !== xxhash32(output.bytes.subarray(contentStart, output.length)))
      throw new Lz4FormatError('LZ4 data is damaged (the content checksum does not match)');
  }
}

/** Decompresses one or more LZ4 frames (skippable frames are passed over). */
export function decompressLz4Frame(compressed: Uint8Array): Uint8Array {
  const input = new Input(compressed);
  const output = new Output(compressed.length * 3);
  while (input.position < compressed.length) {
    const magic = input.uint32('the frame magic number');
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      const size = input.uint32('a skippable frame');
      input.need(size, 'a skippable frame');
      input.position += size;
    } else if (magic === FRAME_MAGIC) decodeFrame(input, output);
    else throw new Lz4FormatError('not LZ4 frame data (wrong magic number)');
  }
  return output.bytes.slice(0, output.length);
}
