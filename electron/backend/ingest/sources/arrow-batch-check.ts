import { type Data, DataType } from 'apache-arrow';

/**
 * Checks that the buffers of a record batch hold what its lengths and offsets say, before any
 * value is read: apache-arrow trusts them, so a damaged file would otherwise read past a buffer
 * (values from elsewhere in the file), or allocate what a wild offset asks for. Throws an Error
 * naming the column and what is wrong.
 */
export function checkBatchData(columns: readonly Data[], names: readonly string[]): void {
  columns.forEach((data, index) => {
    checkData(data, `column "${names[index]}"`);
  });
}

function checkData(data: Data, where: string): void {
  const { type, offset, length } = data;
  const end = offset + length;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
    throw new Error(`${where} has an invalid length`);
  if (data.nullCount !== 0 && data.nullBitmap && data.nullBitmap.length > 0 && data.nullBitmap.length * 8 < end)
    throw new Error(`${where}: its validity bitmap is shorter than its ${length} values`);
  if (DataType.isDictionary(type)) {
    checkFixedWidth(data, where);
    checkDictionaryIndices(data, where);
    for (const chunk of data.dictionary?.data ?? []) checkData(chunk, `${where} (its dictionary)`);
    return;
  }
  if (data.valueOffsets) {
    // Lists point into their child, strings and binaries into their bytes.
    const [child] = data.children;
    checkOffsets(data, child ? child.length : (data.values?.length ?? 0), where);
  } else if (DataType.isFixedSizeList(type)) {
    if ((data.children[0]?.length ?? 0) < end * type.listSize)
      throw new Error(`${where}: its lists hold fewer values than ${length} lists of ${type.listSize}`);
  } else if (DataType.isStruct(type)) {
    for (const [index, child] of data.children.entries()) {
      if (child.length < end)
        throw new Error(`${where}: field ${index + 1} holds fewer values than its ${length} rows`);
    }
  } else checkFixedWidth(data, where);
  for (const [index, child] of data.children.entries()) checkData(child, `${where} (field ${index + 1})`);
}

/** A fixed-width column (numbers, dates, decimals, booleans as bits, fixed-size binary) holds a value per row. */
function checkFixedWidth(data: Data, where: string): void {
  const { type, values } = data;
  if (!values || DataType.isNull(type) || DataType.isUtf8View(type) || DataType.isBinaryView(type)) return;
  const end = data.offset + data.length;
  const needed = DataType.isBool(type) ? Math.ceil(end / 8) : end * data.stride;
  if ((values as ArrayLike<unknown>).length < needed)
    throw new Error(`${where}: its values buffer is shorter than its ${data.length} values`);
}

/** Offsets of variable-length values must rise and stay within what they point into. */
function checkOffsets(data: Data, targetLength: number, where: string): void {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  const end = data.offset + data.length;
  if (data.length === 0) return;
  if (offsets.length < end + 1) throw new Error(`${where}: its offsets are fewer than its ${data.length} values`);
  let previous = Number(offsets[data.offset]);
  if (previous < 0) throw new Error(`${where}: its offsets point before its values`);
  for (let index = data.offset + 1; index <= end; index += 1) {
    const next = Number(offsets[index]);
    if (next < previous) throw new Error(`${where}: its offsets go backwards`);
    previous = next;
  }
  if (previous > targetLength) throw new Error(`${where}: its offsets point past its values`);
}

function checkDictionaryIndices(data: Data, where: string): void {
  const size = (data.dictionary?.data ?? []).reduce((sum, chunk) => sum + chunk.length, 0);
  const indices = data.values as ArrayLike<number | bigint>;
  for (let row = 0; row < data.length; row += 1) {
    if (!data.getValid(row)) continue;
    const index = Number(indices[data.offset + row]);
    if (index < 0 || index >= size) throw new Error(`${where}: a value points past its dictionary of ${size}`);
  }
}
