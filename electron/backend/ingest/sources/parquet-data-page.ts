import type { DataPageHeader, PageHeader, ParquetType } from 'hyparquet';
import { deltaBinaryUnpack, deltaByteArray, deltaLengthByteArray } from 'hyparquet/src/delta.js';
import { byteStreamSplit } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { recycleBuffers, recycled } from '../recycled-buffers.js';
import { decodeHybrid, HybridDataError } from './rle-hybrid.js';

/** A data page of a top-level, non-repeated column: which rows hold a value, and those values. */
export interface FlatPage {
  /** Rows in the page, null or not. */
  rows: number;
  /** 1 where a row holds a value, 0 where it is null; null when every row holds one. */
  defined: Uint8Array | null;
  /** The values present, as indices into the column's dictionary; null for a page of plain values. */
  indices: ArrayLike<number> | null;
  /** The values present, for a page of plain values. */
  values: ArrayLike<unknown> | null;
}

type DataPageHeaderV2 = NonNullable<PageHeader['data_page_header_v2']>;

const isIndexed = (encoding: string) => encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';

/** Which of `rows` rows hold a value, from their definition levels in `bytes[start..end)`. */
function definedRows(bytes: Uint8Array, start: number, end: number, rows: number) {
  const levels = recycled.bytes(rows);
  decodeHybrid(bytes, start, end, 1, levels, rows);
  let present = 0;
  for (let row = 0; row < rows; row += 1) {
    const level = levels[row] as number;
    if (level > 1) throw new HybridDataError(`a definition level of ${level} in a column whose levels are 0 or 1`);
    present += level;
  }
  if (present < rows) return { defined: levels, present };
  recycleBuffers([levels.buffer as ArrayBuffer]);
  return { defined: null, present };
}

/**
 * The memory of a page's levels and dictionary indices, to reuse once its rows are filled: each
 * page of a row group would otherwise touch fresh memory.
 */
export function pageMemory(page: FlatPage): ArrayBuffer[] {
  const memory: ArrayBuffer[] = [];
  if (page.defined) memory.push(page.defined.buffer as ArrayBuffer);
  if (page.indices instanceof Int32Array) memory.push(page.indices.buffer as ArrayBuffer);
  return memory;
}

/** The `present` values of a page from `bytes[offset..)`: dictionary indices, or values. */
function pageValues(
  bytes: Uint8Array,
  offset: number,
  encoding: string,
  present: number,
  type: ParquetType,
  typeLength: number | undefined,
): Pick<FlatPage, 'indices' | 'values'> {
  if (isIndexed(encoding)) {
    if (present === 0) return { indices: new Int32Array(0), values: null };
    if (offset >= bytes.length) throw new HybridDataError('the page ends before its dictionary indices');
    const width = bytes[offset] as number;
    const indices = recycled.int32(present);
    decodeHybrid(bytes, offset + 1, bytes.length, width, indices, present);
    return { indices, values: null };
  }
  if (encoding === 'RLE') {
    // Booleans: the hybrid at width 1, after 4 bytes of length.
    const start = offset + 4;
    if (start > bytes.length) throw new HybridDataError('the page ends before its values');
    const end = start + new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, true);
    if (end > bytes.length) throw new HybridDataError('the values go past the end of the page');
    const bits = new Uint8Array(present);
    decodeHybrid(bytes, start, end, 1, bits, present);
    return { indices: null, values: Array.from(bits, (bit) => bit === 1) };
  }
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset };
  // hyparquet's decoders of the other encodings write only as many values as they are asked for.
  switch (encoding) {
    case 'BYTE_STREAM_SPLIT':
      return { indices: null, values: byteStreamSplit(reader, present, type, typeLength) };
    case 'DELTA_BINARY_PACKED': {
      const values = type === 'INT32' ? new Int32Array(present) : new BigInt64Array(present);
      deltaBinaryUnpack(reader, present, values);
      return { indices: null, values };
    }
    case 'DELTA_LENGTH_BYTE_ARRAY':
    case 'DELTA_BYTE_ARRAY': {
      const values = new Array<Uint8Array>(present);
      (encoding === 'DELTA_BYTE_ARRAY' ? deltaByteArray : deltaLengthByteArray)(reader, present, values);
      return { indices: null, values };
    }
    default:
      return { indices: null, values: readPlain(reader, type, present, typeLength) };
  }
}

const OTHER_ENCODINGS = new Set([
  'BYTE_STREAM_SPLIT',
  'DELTA_BINARY_PACKED',
  'DELTA_LENGTH_BYTE_ARRAY',
  'DELTA_BYTE_ARRAY',
]);

/** Whether Triad reads a page's values itself: in every encoding hyparquet reads. */
const readsValues = (encoding: string, type: ParquetType) =>
  encoding === 'PLAIN' ||
  isIndexed(encoding) ||
  (encoding === 'RLE' && type === 'BOOLEAN') ||
  OTHER_ENCODINGS.has(encoding);

/**
 * Reads a decompressed DATA_PAGE (version 1) of a top-level, non-repeated column whose values are
 * plain, dictionary indices or run-length encoded booleans, into typed arrays. `maxDefinition` is 1 for an optional column, 0
 * for a required one. Null for a page it leaves to hyparquet (other encodings, levels stored the
 * deprecated BIT_PACKED way).
 */
export function readFlatDataPage(
  bytes: Uint8Array,
  header: DataPageHeader,
  type: ParquetType,
  typeLength: number | undefined,
  maxDefinition: 0 | 1,
): FlatPage | null {
  if (!readsValues(header.encoding, type)) return null;
  if (maxDefinition > 0 && header.definition_level_encoding !== 'RLE') return null;
  const rows = header.num_values;
  if (maxDefinition === 0)
    return { rows, defined: null, ...pageValues(bytes, 0, header.encoding, rows, type, typeLength) };
  if (bytes.length < 4) throw new HybridDataError('the page ends before its definition levels');
  const end = 4 + new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (end > bytes.length) throw new HybridDataError('the definition levels go past the end of the page');
  const { defined, present } = definedRows(bytes, 4, end, rows);
  return { rows, defined, ...pageValues(bytes, end, header.encoding, present, type, typeLength) };
}

/**
 * Reads a DATA_PAGE_V2 as readFlatDataPage reads a version-1 page: `bytes` as stored (levels
 * uncompressed, then the values, which `decompress` makes `size` bytes when the page says they
 * are compressed). Every encoding the format allows in a version-2 page is read here; any other
 * is refused (hyparquet would decode its levels without a bound on a damaged run).
 */
export function readFlatDataPageV2(
  bytes: Uint8Array,
  header: DataPageHeaderV2,
  uncompressedSize: number,
  decompress: (bytes: Uint8Array, size: number) => Uint8Array,
  type: ParquetType,
  typeLength: number | undefined,
  maxDefinition: 0 | 1,
): FlatPage {
  if (!readsValues(header.encoding, type))
    throw new Error(
      `a version-2 data page holds ${type} values in the ${header.encoding} encoding, which Parquet does not allow`,
    );
  const rows = header.num_values;
  const levelsStart = header.repetition_levels_byte_length;
  const levelsEnd = levelsStart + header.definition_levels_byte_length;
  if (levelsStart < 0 || levelsEnd < levelsStart || levelsEnd > bytes.length)
    throw new HybridDataError('the levels go past the end of the page');
  const { defined, present } =
    maxDefinition > 0 ? definedRows(bytes, levelsStart, levelsEnd, rows) : { defined: null, present: rows };
  if (present !== rows - header.num_nulls)
    throw new HybridDataError(
      `the page says ${header.num_nulls} of its ${rows} values are null; its levels say ${rows - present}`,
    );
  const stored = bytes.subarray(levelsEnd);
  const values = header.is_compressed === false ? stored : decompress(stored, uncompressedSize - levelsEnd);
  return { rows, defined, ...pageValues(values, 0, header.encoding, present, type, typeLength) };
}

/** A page as hyparquet's readDataPage gives it, in the same form. */
export function flatPageOf(
  page: { definitionLevels: number[] | undefined; dataPage: ArrayLike<unknown> },
  rows: number,
  encoding: string,
  maxDefinition: 0 | 1,
): FlatPage {
  const levels = page.definitionLevels;
  const defined =
    maxDefinition > 0 && levels !== undefined && levels.length > 0
      ? Uint8Array.from(levels, (level) => (level === maxDefinition ? 1 : 0))
      : null;
  return isIndexed(encoding)
    ? { rows, defined, indices: page.dataPage as ArrayLike<number>, values: null }
    : { rows, defined, indices: null, values: page.dataPage };
}
