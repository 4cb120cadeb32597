import { DataType, type Field, TimeUnit, Vector } from 'apache-arrow';
import type { DeclaredType, RawValue } from '../record-source.js';
import { decimalConverter, decimalDeclaredType, littleEndianWordsSigned } from './decimal-values.js';

/** Turns one value as apache-arrow gives it into the value a source yields. */
type Converter = (value: unknown) => RawValue;

/** Reads the value of one row of a column; throws when the file holds a value that cannot be read. */
export type CellReader = (vector: Vector, row: number) => RawValue;

/** The range of JavaScript dates, ±10^8 days around the epoch. */
const LAST_DATE_MS = 8_640_000_000_000_000n;
/** How many stored units make a millisecond (seconds are multiplied instead). */
const UNITS_PER_MS: Record<TimeUnit, bigint> = {
  [TimeUnit.SECOND]: 1n,
  [TimeUnit.MILLISECOND]: 1n,
  [TimeUnit.MICROSECOND]: 1000n,
  [TimeUnit.NANOSECOND]: 1_000_000n,
};

/**
 * Why a field cannot be imported, or null when it can. Maps, unions and intervals have no faithful
 * form in a table column; a struct whose fields share a name cannot become a JSON object; view
 * layouts are not swapped from big-endian.
 */
export function unsupportedReason(field: Field, bigEndian: boolean): string | null {
  const kind = unsupportedKind(field.type, bigEndian);
  return kind && `column "${field.name}" is ${kind}`;
}

function unsupportedKind(type: DataType, bigEndian: boolean): string | null {
  if (DataType.isDictionary(type)) return unsupportedKind(type.dictionary, bigEndian);
  if (DataType.isMap(type)) return 'a map (nested types are not supported)';
  if (DataType.isUnion(type)) return 'a union (nested types are not supported)';
  if (DataType.isInterval(type)) return 'an interval (intervals are not supported)';
  if (bigEndian && (DataType.isUtf8View(type) || DataType.isBinaryView(type)))
    return 'a string or binary view, which is not supported in a big-endian file';
  const names = new Set<string>();
  for (const child of type.children ?? []) {
    if (DataType.isStruct(type) && names.has(child.name))
      return `a struct with two fields named "${child.name}" (its values cannot be told apart)`;
    names.add(child.name);
    const inner = unsupportedKind(child.type, bigEndian);
    if (inner) return `a ${DataType.isStruct(type) ? 'struct' : 'list'} holding ${inner}`;
  }
  return null;
}

export function declaredTypeOf(type: DataType): DeclaredType | undefined {
  if (DataType.isDictionary(type)) return declaredTypeOf(type.dictionary);
  if (DataType.isInt(type) || DataType.isTime(type) || DataType.isDuration(type)) return 'integer';
  if (DataType.isDecimal(type)) return decimalDeclaredType(type.precision);
  if (DataType.isFloat(type)) return 'real';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return 'text';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isDate(type)) return 'date';
  if (
    DataType.isBinary(type) ||
    DataType.isLargeBinary(type) ||
    DataType.isBinaryView(type) ||
    DataType.isFixedSizeBinary(type)
  ) {
    return 'binary';
  }
  if (DataType.isNull(type)) return undefined;
  return 'json';
}

export function cellReaderFor(type: DataType): CellReader {
  if (DataType.isTimestamp(type)) return timestampReader(type.unit);
  const convert = converterFor(type);
  return (vector, row) => convert(vector.get(row));
}

/**
 * Timestamps from their stored 64-bit count, truncated toward zero to the millisecond:
 * apache-arrow's own milliseconds are a double, which rounds nanoseconds past 2^53 to the
 * wrong millisecond.
 */
function timestampReader(unit: TimeUnit): CellReader {
  return (vector, row) => {
    const [data] = vector.data;
    if (!data || !vector.isValid(row)) return null;
    const stored = (data.values as BigInt64Array)[data.offset + row] as bigint;
    const ms = unit === TimeUnit.SECOND ? stored * 1000n : stored / UNITS_PER_MS[unit];
    if (ms > LAST_DATE_MS || ms < -LAST_DATE_MS) throw new Error('the timestamp is past the range of dates');
    return new Date(Number(ms));
  };
}

function converterFor(type: DataType): Converter {
  if (DataType.isDictionary(type)) return converterFor(type.dictionary);
  if (DataType.isTimestamp(type) || DataType.isDate(type)) {
    // apache-arrow returns both as milliseconds since the epoch.
    return (value) => (typeof value === 'number' ? new Date(value) : null);
  }
  if (DataType.isDecimal(type)) {
    const convert = decimalConverter(type.precision, type.scale);
    return (value) => (value == null ? null : convert(littleEndianWordsSigned(value as Uint32Array)));
  }
  return plain;
}

/** Arrow values as plain JS: vectors and struct rows become arrays and objects, bigints narrow when safe. */
function plain(value: unknown): RawValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') {
    return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value;
  }
  if (typeof value !== 'object' || value instanceof Uint8Array || value instanceof Date) return value as RawValue;
  if (value instanceof Vector || Array.isArray(value)) return Array.from(value as Iterable<unknown>, plain);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, plain);
  const entries = 'toJSON' in value && typeof value.toJSON === 'function' ? value.toJSON() : value;
  return Object.fromEntries(Object.entries(entries as object).map(([key, inner]) => [key, plain(inner)]));
}
