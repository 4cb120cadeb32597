/**
 * Whether an Arrow IPC file or stream was written big-endian. apache-arrow reads every buffer as
 * little-endian and does not expose the schema's `endianness`, so it is read here from the
 * schema message the file or stream starts with (an Arrow file carries a stream after its
 * 8-byte `ARROW1` marker), following the flatbuffers layout of Message and Schema.
 */

const CONTINUATION = 0xffffffff;
/** Message table fields: version, header_type, header; Schema table field: endianness. */
const MESSAGE_HEADER_TYPE = 1;
const MESSAGE_HEADER = 2;
const SCHEMA_ENDIANNESS = 0;
const HEADER_IS_SCHEMA = 1;
const BIG_ENDIAN = 1;
/** Larger schema messages are left to apache-arrow, which reports them damaged. */
const MAX_SCHEMA_BYTES = 16 << 20;

/** Reads `length` bytes at `position` of the file (fewer at its end). */
export type ReadBytes = (position: number, length: number) => Promise<Uint8Array>;

/** Whether the stream starting at byte `start` of a file declares big-endian buffers; false when it cannot tell. */
export async function isBigEndianStream(read: ReadBytes, start: number): Promise<boolean> {
  const head = await read(start, 8);
  if (head.length < 8) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  // Streams written before Arrow 0.15 have no continuation marker before the length.
  const prefix = view.getUint32(0, true) === CONTINUATION ? 8 : 4;
  const length = view.getInt32(prefix - 4, true);
  if (length <= 0 || length > MAX_SCHEMA_BYTES) return false;
  const bytes = await read(start + prefix, length);
  const message = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const root = tableAt(message, 0);
  const typePosition = root === null ? null : fieldPosition(message, root, MESSAGE_HEADER_TYPE);
  if (root === null || typePosition === null || message.getUint8(typePosition) !== HEADER_IS_SCHEMA) return false;
  const headerPosition = fieldPosition(message, root, MESSAGE_HEADER);
  const schema = headerPosition === null ? null : tableAt(message, headerPosition);
  const endianness = schema === null ? null : fieldPosition(message, schema, SCHEMA_ENDIANNESS);
  return endianness !== null && message.getInt16(endianness, true) === BIG_ENDIAN;
}

/** The table an offset at `position` points to, or null when it points outside the message. */
function tableAt(view: DataView, position: number): number | null {
  if (position + 4 > view.byteLength) return null;
  const table = position + view.getUint32(position, true);
  return table + 4 <= view.byteLength ? table : null;
}

/** Where field `index` of the table at `table` is stored, or null when it is absent (its default applies). */
function fieldPosition(view: DataView, table: number, index: number): number | null {
  const vtable = table - view.getInt32(table, true);
  if (vtable < 0 || vtable + 4 > view.byteLength) return null;
  const vtableBytes = view.getUint16(vtable, true);
  const entry = 4 + index * 2;
  if (entry + 2 > vtableBytes || vtable + entry + 2 > view.byteLength) return null;
  const offset = view.getUint16(vtable + entry, true);
  if (offset === 0 || table + offset + 2 > view.byteLength) return null;
  return table + offset;
}
