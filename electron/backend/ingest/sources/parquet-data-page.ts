import type { DataPageHeader, ParquetType } from 'hyparquet';
import { readPlain } from 'hyparquet/src/plain.js';
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

const isIndexed = (encoding: string) => encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';

/**
 * Reads a decompressed DATA_PAGE (version 1) of a top-level, non-repeated column whose values are
 * plain or dictionary indices, into typed arrays. `maxDefinition` is 1 for an optional column, 0
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
  const indexed = isIndexed(header.encoding);
  if (!indexed && header.encoding !== 'PLAIN') return null;
  if (maxDefinition > 0 && header.definition_level_encoding !== 'RLE') return null;
  const rows = header.num_values;
  let offset = 0;
  let defined: Uint8Array | null = null;
  let present = rows;
  if (maxDefinition > 0) {
    if (bytes.length < 4) throw new HybridDataError('the page ends before its definition levels');
    const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
    const end = 4 + length;
    if (end > bytes.length) throw new HybridDataError('the definition levels go past the end of the page');
    const levels = new Uint8Array(rows);
    decodeHybrid(bytes, 4, end, 1, levels, rows);
    offset = end;
    present = 0;
    for (let row = 0; row < rows; row += 1) {
      const level = levels[row] as number;
      if (level > 1) throw new HybridDataError(`a definition level of ${level} in a column whose levels are 0 or 1`);
      present += level;
    }
    if (present < rows) defined = levels;
  }
  if (indexed) {
    if (present === 0) return { rows, defined, indices: new Int32Array(0), values: null };
    if (offset >= bytes.length) throw new HybridDataError('the page ends before its dictionary indices');
    const width = bytes[offset] as number;
    const indices = new Int32Array(present);
    decodeHybrid(bytes, offset + 1, bytes.length, width, indices, present);
    return { rows, defined, indices, values: null };
  }
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset };
  return { rows, defined, indices: null, values: readPlain(reader, type, present, typeLength) };
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
