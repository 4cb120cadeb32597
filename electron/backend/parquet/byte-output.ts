const encoder = new TextEncoder();

/** Bytes written one after another into a buffer that grows as needed. */
export class ByteOutput {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(capacity = 1024) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Makes room for `count` more bytes. */
  reserve(count: number): void {
    const needed = this.length + Math.ceil(count);
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  bytes(values: Uint8Array): void {
    this.reserve(values.length);
    this.buffer.set(values, this.length);
    this.length += values.length;
  }

  uint32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  /** An unsigned integer (below 2^53) in 7-bit groups, least significant first. */
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  /** Text as UTF-8. */
  utf8(text: string): void {
    this.reserve(text.length * 3);
    const { written } = encoder.encodeInto(text, this.buffer.subarray(this.length));
    this.length += written;
  }

  /** Writes at an earlier position (a length known only after what it measures was written). */
  uint32At(position: number, value: number): void {
    this.view.setUint32(position, value, true);
  }

  /** What was written so far (a view: later writes may reuse it). */
  written(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
