/**
 * What apache-arrow cannot tell from an Arrow IPC file or stream, read here from the schema message
 * the file or stream starts with (an Arrow file carries a stream after its 8-byte `ARROW1` marker),
 * following the flatbuffers layout of Message, Schema and Field: whether its buffers are big-endian
 * (apache-arrow reads every buffer as little-endian and does not expose the schema's `endianness`),
 * and whether a column has a type apache-arrow does not know (it fails on the whole schema with
 * `Unrecognized type`, naming no column).
 */

const CONTINUATION = 0xffffffff;
/** Message table fields: version, header_type, header. */
const MESSAGE_HEADER_TYPE = 1;
const MESSAGE_HEADER = 2;
/** Schema table fields: endianness, fields. */
const SCHEMA_ENDIANNESS = 0;
const SCHEMA_FIELDS = 1;
/** Field table fields: name, nullable, type_type, type, dictionary, children. */
const FIELD_NAME = 0;
const FIELD_TYPE_TYPE = 2;
const FIELD_CHILDREN = 5;
const HEADER_IS_SCHEMA = 1;
const BIG_ENDIAN = 1;
/** Larger schema messages, and deeper nesting, are left to apache-arrow, which reports them damaged. */
const MAX_SCHEMA_BYTES = 16 << 20;
const MAX_DEPTH = 64;

/** Members of the Type union (Schema.fbs) that hold other types, and those apache-arrow cannot read. */
const STRUCT = 13;
const UNION = 14;
const MAP = 17;
const UNREADABLE_TYPES: Record<number, string> = {
  22: 'run-end encoded (run-end encoded columns are not supported)',
  25: 'a list view (list views are not supported)',
  26: 'a large list view (list views are not supported)',
};

/** Reads `length` bytes at `position` of the file (fewer at its end). */
export type ReadBytes = (position: number, length: number) => Promise<Uint8Array>;

export interface SchemaPeek {
  bigEndian: boolean;
  /** Why a column cannot be read, naming it, e.g. `column "v" is a list view (...)`; null when none. */
  unreadableColumn: string | null;
}

const textDecoder = new TextDecoder();
const UNKNOWN: SchemaPeek = { bigEndian: false, unreadableColumn: null };

/** Peeks at the schema of the stream starting at byte `start` of a file; what it cannot tell is left to apache-arrow. */
export async function peekSchema(read: ReadBytes, start: number): Promise<SchemaPeek> {
  const head = await read(start, 8);
  if (head.length < 8) return UNKNOWN;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  // Streams written before Arrow 0.15 have no continuation marker before the length.
  const prefix = view.getUint32(0, true) === CONTINUATION ? 8 : 4;
  const length = view.getInt32(prefix - 4, true);
  if (length <= 0 || length > MAX_SCHEMA_BYTES) return UNKNOWN;
  const bytes = await read(start + prefix, length);
  const message = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const root = tableAt(message, 0);
  const typePosition = root === null ? null : fieldPosition(message, root, MESSAGE_HEADER_TYPE);
  if (root === null || typePosition === null || message.getUint8(typePosition) !== HEADER_IS_SCHEMA) return UNKNOWN;
  const headerPosition = fieldPosition(message, root, MESSAGE_HEADER);
  const schema = headerPosition === null ? null : tableAt(message, headerPosition);
  if (schema === null) return UNKNOWN;
  const endianness = fieldPosition(message, schema, SCHEMA_ENDIANNESS);
  const bigEndian = endianness !== null && message.getInt16(endianness, true) === BIG_ENDIAN;
  for (const field of tablesOf(message, fieldPosition(message, schema, SCHEMA_FIELDS))) {
    const kind = unreadableKind(message, field);
    if (kind) return { bigEndian, unreadableColumn: `column "${nameOf(message, field)}" is ${kind}` };
  }
  return { bigEndian, unreadableColumn: null };
}

/** Why a field apache-arrow cannot read, or a container of one, cannot be imported; null otherwise. */
function unreadableKind(view: DataView, field: number, depth = 0): string | null {
  if (depth > MAX_DEPTH) return null;
  const typePosition = fieldPosition(view, field, FIELD_TYPE_TYPE);
  const type = typePosition === null ? 0 : view.getUint8(typePosition);
  const own = UNREADABLE_TYPES[type];
  if (own) return own;
  for (const child of tablesOf(view, fieldPosition(view, field, FIELD_CHILDREN))) {
    const inner = unreadableKind(view, child, depth + 1);
    if (inner)
      return `a ${type === STRUCT ? 'struct' : type === MAP ? 'map' : type === UNION ? 'union' : 'list'} holding ${inner}`;
  }
  return null;
}

function nameOf(view: DataView, field: number): string {
  const position = fieldPosition(view, field, FIELD_NAME);
  const string = position === null ? null : tableAt(view, position);
  if (string === null) return '';
  const length = Math.min(view.getUint32(string, true), view.byteLength - string - 4);
  return textDecoder.decode(new Uint8Array(view.buffer, view.byteOffset + string + 4, length));
}

/** The tables of a vector of tables whose offset is at `position` (none when absent or outside the message). */
function tablesOf(view: DataView, position: number | null): number[] {
  const vector = position === null ? null : tableAt(view, position);
  if (vector === null) return [];
  const count = view.getUint32(vector, true);
  const tables: number[] = [];
  for (let index = 0; index < count && vector + 8 + index * 4 <= view.byteLength; index += 1) {
    const table = tableAt(view, vector + 4 + index * 4);
    if (table !== null) tables.push(table);
  }
  return tables;
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
