import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Reads the golden content of an Arrow integration file (the `.json.gz` beside it, in Arrow's
 * integration JSON format) and says what Triad stores for each value, as better-sqlite3 reads it
 * back with safe integers: INTEGER as bigint, REAL as number, TEXT as string, BLOB as Buffer,
 * and the JSON text of nested values parsed back.
 */

interface JsonType {
  name: string;
  bitWidth?: number;
  isSigned?: boolean;
  precision?: string | number;
  scale?: number;
  unit?: string;
  listSize?: number;
  byteWidth?: number;
}

interface JsonField {
  name: string;
  type: JsonType;
  children: JsonField[];
  dictionary?: { id: number };
}

interface View {
  SIZE: number;
  INLINED?: string;
  BUFFER_INDEX?: number;
  OFFSET?: number;
}

interface JsonColumn {
  count: number;
  VALIDITY?: number[];
  DATA?: unknown[];
  OFFSET?: (number | string)[];
  VIEWS?: View[];
  VARIADIC_DATA_BUFFERS?: string[];
  children?: JsonColumn[];
}

interface JsonFile {
  schema: { fields: JsonField[] };
  batches: { count: number; columns: JsonColumn[] }[];
  dictionaries?: { id: number; data: { count: number; columns: JsonColumn[] } }[];
}

export interface Golden {
  columnCount: number;
  /** Rows of stored values, in file order. */
  rows: unknown[][];
}

const DAY_MS = 86_400_000n;
const UNIT_PER_MS: Record<string, bigint> = {
  SECOND: -1000n,
  MILLISECOND: 1n,
  MICROSECOND: 1000n,
  NANOSECOND: 1_000_000n,
};
const REAL_DECIMAL_DIGITS = 15;

export function readArrowGolden(path: string): Golden {
  const file = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as JsonFile;
  const dictionaries = new Map<number, { field: JsonField; column: JsonColumn }>();
  const rows: unknown[][] = [];
  for (const batch of file.batches) {
    const columns = file.schema.fields.map((field, index) => {
      const values = logicalValues(field, batch.columns[index] as JsonColumn, file, dictionaries);
      return values.map(storedValue);
    });
    for (let row = 0; row < batch.count; row += 1) rows.push(columns.map((column) => column[row]));
  }
  return { columnCount: file.schema.fields.length, rows };
}

/** The values of a column as they are meant: bigints, numbers, strings, bytes, arrays and objects. */
function logicalValues(
  field: JsonField,
  column: JsonColumn,
  file: JsonFile,
  dictionaries: Map<number, { field: JsonField; column: JsonColumn }>,
): unknown[] {
  const valid = (row: number) => column.VALIDITY === undefined || column.VALIDITY[row] === 1;
  if (field.dictionary) {
    const entry = file.dictionaries?.find((dictionary) => dictionary.id === field.dictionary?.id);
    const dictionaryField = { ...field, dictionary: undefined };
    const values = logicalValues(dictionaryField, entry?.data.columns[0] as JsonColumn, file, dictionaries);
    return Array.from({ length: column.count }, (_, row) => (valid(row) ? values[Number(column.DATA?.[row])] : null));
  }
  const { type } = field;
  const children = (field.children ?? []).map((child, index) =>
    logicalValues(child, column.children?.[index] as JsonColumn, file, dictionaries),
  );
  return Array.from({ length: column.count }, (_, row) => {
    if (!valid(row) || type.name === 'null') return null;
    const data = column.DATA?.[row];
    switch (type.name) {
      case 'int':
      case 'time':
      case 'duration':
        return BigInt(data as string | number);
      case 'floatingpoint':
        return type.precision === 'SINGLE' ? Math.fround(Number(data)) : Number(data);
      case 'bool':
      case 'utf8':
      case 'largeutf8':
        return data;
      case 'binary':
      case 'largebinary':
      case 'fixedsizebinary':
        return Buffer.from(data as string, 'hex');
      case 'utf8view':
      case 'binaryview':
        return viewValue(column, row, type.name === 'utf8view');
      case 'date':
        return type.unit === 'DAY' ? BigInt(data as number) * DAY_MS : BigInt(data as string);
      case 'timestamp':
        return { timestamp: toMilliseconds(BigInt(data as string), type.unit as string) };
      case 'decimal':
        return { decimal: decimalText(BigInt(data as string), type.scale ?? 0), precision: Number(type.precision) };
      case 'list':
      case 'largelist': {
        const [start, end] = [Number(column.OFFSET?.[row]), Number(column.OFFSET?.[row + 1])];
        return (children[0] as unknown[]).slice(start, end);
      }
      case 'fixedsizelist': {
        const size = type.listSize as number;
        return (children[0] as unknown[]).slice(row * size, (row + 1) * size);
      }
      case 'struct':
        return Object.fromEntries(field.children.map((child, index) => [child.name, children[index]?.[row]]));
      default:
        throw new Error(`the golden reader does not know Arrow type ${type.name}`);
    }
  });
}

function viewValue(column: JsonColumn, row: number, text: boolean): string | Buffer {
  const view = column.VIEWS?.[row] as View;
  if (view.INLINED !== undefined) return text ? view.INLINED : Buffer.from(view.INLINED, 'hex');
  const buffer = Buffer.from(column.VARIADIC_DATA_BUFFERS?.[view.BUFFER_INDEX as number] as string, 'hex');
  const bytes = buffer.subarray(view.OFFSET, (view.OFFSET as number) + view.SIZE);
  return text ? bytes.toString('utf8') : bytes;
}

/** Milliseconds, truncated toward zero as JavaScript dates truncate. */
function toMilliseconds(value: bigint, unit: string): bigint {
  const perMs = UNIT_PER_MS[unit] as bigint;
  return perMs < 0n ? value * -perMs : value / perMs;
}

function decimalText(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

/** What a top-level value is stored as. */
function storedValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'object' && 'timestamp' in value) return value.timestamp;
  if (typeof value === 'object' && 'decimal' in value) {
    const { decimal, precision } = value as { decimal: string; precision: number };
    return precision <= REAL_DECIMAL_DIGITS ? Number(decimal) : decimal;
  }
  if (Array.isArray(value) || (typeof value === 'object' && !Buffer.isBuffer(value))) return nestedValue(value);
  return value;
}

/** A nested value as its stored JSON text reads back: safe integers as numbers, timestamps as ISO text. */
function nestedValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value)) return Array.from(value);
  if (Array.isArray(value)) return value.map(nestedValue);
  if (typeof value === 'object' && 'timestamp' in value) return new Date(Number(value.timestamp)).toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, nestedValue(inner)]));
  }
  return value;
}
