import { type Data, DataType } from 'apache-arrow';

/**
 * Turns the buffers of a record batch read from a big-endian Arrow file into little-endian, in
 * place, before any value is read: apache-arrow reads every buffer as little-endian. Offsets and
 * fixed-width values are swapped element by element (a decimal as one integer of its width);
 * validity bitmaps, booleans and bytes are the same either way. Dictionaries are shared between
 * batches, so each buffer is swapped once.
 */
export class ByteSwapper {
  private readonly swapped = new WeakSet<Data>();

  swap(data: Data): void {
    if (this.swapped.has(data)) return;
    this.swapped.add(data);
    const { type, valueOffsets, values } = data;
    if (valueOffsets) swapElements(valueOffsets, valueOffsets.BYTES_PER_ELEMENT);
    if (values && ArrayBuffer.isView(values)) {
      const width = DataType.isDecimal(type) ? type.bitWidth / 8 : (values as Uint8Array).BYTES_PER_ELEMENT;
      swapElements(values, width);
    }
    for (const child of data.children) this.swap(child);
    for (const chunk of data.dictionary?.data ?? []) this.swap(chunk);
  }
}

/** Reverses the bytes of each `width`-byte element of a typed array. */
function swapElements(array: ArrayBufferView, width: number): void {
  if (width <= 1) return;
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength - (array.byteLength % width));
  for (let start = 0; start < bytes.length; start += width) {
    for (let low = start, high = start + width - 1; low < high; low += 1, high -= 1) {
      const byte = bytes[low] as number;
      bytes[low] = bytes[high] as number;
      bytes[high] = byte;
    }
  }
}
