/** A runtime value as JSON can hold it: safe integers as numbers, larger ones as digit strings, NaN/Infinity as null. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** A tensor's (or a list's) values as a plain array, or null when it holds none. */
export function plainValues(values: unknown): unknown[] | null {
  const data =
    values !== null && typeof values === 'object' && 'data' in values ? (values as { data: unknown }).data : values;
  if (!ArrayBuffer.isView(data) && !Array.isArray(data)) return null;
  const list = data as ArrayLike<unknown>;
  const plain = new Array<unknown>(list.length);
  for (let index = 0; index < list.length; index++) plain[index] = plainValue(list[index]);
  return plain;
}

/** Row `row` of a [rows, ...] tensor: its one value, or the list of values in that row. */
export function rowValue(values: unknown[], dims: readonly number[], row: number): unknown {
  const width = dims.slice(1).reduce((product, dim) => product * dim, 1);
  return dims.length <= 1 || width === 1 ? values[row] : values.slice(row * width, (row + 1) * width);
}
