import type { ColumnSpec, ColumnType } from '../db/column-types.js';
import { fastParserFor } from './fast-parse.js';
import { NullTokenBytes } from './packed-text.js';
import type { DeclaredType, DelimitedFields, RawValue, RecordBatch, SourceField } from './record-source.js';
import { CANDIDATE_FORMATS, isDateOnlyFormat, isoUtcMillisAt, parseTimestamp } from './timestamp-format.js';
import { CoercionError, coerce } from './value-coercion.js';

function fits(
  values: readonly RawValue[],
  type: ColumnType,
  format: string | null,
  nullTokens: ReadonlySet<string>,
): boolean {
  try {
    for (const value of values) coerce(value, type, format, nullTokens);
    return true;
  } catch (error) {
    if (error instanceof CoercionError) return false;
    throw error;
  }
}

/**
 * A sampled column's present values: those neither null nor a null token. Only what inference asks
 * of them, so that delimited text can answer in place, without a string per value.
 */
interface PresentValues {
  readonly count: number;
  /** Whether every value is exactly 0 or 1 (a column of numbers, not of booleans). */
  allZeroOrOne(): boolean;
  allFit(type: 'boolean' | 'integer' | 'real'): boolean;
  allTimestamps(format: string | null): boolean;
  texts(): readonly string[];
}

function presentTexts(values: readonly RawValue[], nullTokens: ReadonlySet<string>): PresentValues {
  const present = values.filter((value): value is string => typeof value === 'string' && !nullTokens.has(value.trim()));
  return {
    count: present.length,
    allZeroOrOne: () => present.every((text) => text === '0' || text === '1'),
    allFit: (type) => fits(present, type, null, nullTokens),
    allTimestamps: (format) => present.every((text) => parseTimestamp(text, format) !== null),
    texts: () => present,
  };
}

/** ASCII bytes that String.prototype.trim takes away; a non-ASCII byte may start or end one of its spaces too. */
const maybeTrimmed = (byte: number) => byte <= 32 || byte >= 128;

/**
 * A column of delimited text's present values, read in place: the fast parsers decide what they
 * can (they accept nothing the general way refuses), and only the rest, quoted fields and text
 * with spaces at an end become strings.
 */
function presentFields(
  delimited: DelimitedFields,
  index: number,
  nullTokens: ReadonlySet<string>,
  tokenBytes: NullTokenBytes,
): PresentValues {
  const { rowCount, width, bytes, starts, ends, quoted } = delimited;
  const fields: number[] = [];
  for (let row = 0, field = index; row < rowCount; row += 1, field += width) {
    const start = starts[field] as number;
    const end = ends[field] as number;
    if (quoted[field] === 0 && start === end) continue;
    const inPlace =
      quoted[field] === 0 && !maybeTrimmed(bytes[start] as number) && !maybeTrimmed(bytes[end - 1] as number);
    const isToken = inPlace
      ? tokenBytes.matches(bytes, start, end)
      : nullTokens.has(String(delimited.valueAt(index, row)).trim());
    if (!isToken) fields.push(field);
  }
  const text = (field: number) => String(delimited.valueAt(index, Math.floor(field / width)));
  const unquoted = (field: number) => quoted[field] === 0;
  let texts: string[] | null = null;
  return {
    count: fields.length,
    allZeroOrOne: () =>
      fields.every((field) =>
        unquoted(field)
          ? (ends[field] as number) - (starts[field] as number) === 1 &&
            (bytes[starts[field] as number] === 48 || bytes[starts[field] as number] === 49)
          : text(field) === '0' || text(field) === '1',
      ),
    allFit: (type) => {
      const fast = fastParserFor(type, null, nullTokens);
      return fields.every(
        (field) =>
          (fast !== null &&
            unquoted(field) &&
            !Number.isNaN(fast(bytes, starts[field] as number, ends[field] as number))) ||
          fits([text(field)], type, null, nullTokens),
      );
    },
    allTimestamps: (format) =>
      fields.every(
        (field) =>
          (format === null &&
            unquoted(field) &&
            !Number.isNaN(isoUtcMillisAt(bytes, starts[field] as number, ends[field] as number))) ||
          parseTimestamp(text(field), format) !== null,
      ),
    texts: () => {
      texts ??= fields.map(text);
      return texts;
    },
  };
}

/** The narrowest type every present value of a column of text fits. */
function inferFromPresent(present: PresentValues): Pick<ColumnSpec, 'type' | 'format'> {
  if (present.count === 0) return { type: 'text', format: null };
  for (const type of ['boolean', 'integer', 'real'] as const) {
    if (type === 'boolean' && present.allZeroOrOne()) continue;
    if (present.allFit(type)) return { type, format: null };
  }
  const format = CANDIDATE_FORMATS.find((candidate) => present.allTimestamps(candidate));
  if (format !== undefined) return { type: isDateOnlyFormat(format, present.texts()) ? 'date' : 'timestamp', format };
  return { type: 'text', format: null };
}

function inferFromValues(
  values: readonly RawValue[],
  nullTokens: ReadonlySet<string>,
): Pick<ColumnSpec, 'type' | 'format'> {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.every((value) => typeof value === 'string')) return inferFromPresent(presentTexts(present, nullTokens));
  if (present.every((value) => typeof value === 'boolean')) return { type: 'boolean', format: null };
  if (present.every((value) => typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)))) {
    return { type: 'integer', format: null };
  }
  if (present.every((value) => typeof value === 'number' || typeof value === 'bigint'))
    return { type: 'real', format: null };
  if (present.every((value) => value instanceof Date)) return { type: 'timestamp', format: null };
  if (present.every((value) => typeof value === 'object')) return { type: 'json', format: null };
  return { type: 'text', format: null };
}

const DECLARED: Record<DeclaredType, ColumnType> = {
  integer: 'integer',
  real: 'real',
  text: 'text',
  boolean: 'boolean',
  timestamp: 'timestamp',
  date: 'date',
  binary: 'binary',
  json: 'json',
};

/**
 * Proposes a schema from the file's fields and a sample batch of its rows (none: a file without
 * rows): declared types are kept (Parquet, Arrow); text formats get the narrowest type every
 * sampled value fits.
 */
export function inferSchema(
  fields: readonly SourceField[],
  sample: RecordBatch | null,
  nullTokens: ReadonlySet<string>,
): ColumnSpec[] {
  const tokenBytes = new NullTokenBytes(nullTokens);
  return fields.map((field, index) => {
    const inferred = field.declaredType
      ? { type: DECLARED[field.declaredType], format: null }
      : sample?.delimited
        ? inferFromPresent(presentFields(sample.delimited, index, nullTokens, tokenBytes))
        : inferFromValues(
            (sample?.rows ?? []).map((row) => row[index] ?? null),
            nullTokens,
          );
    return { source: field.name, name: field.name, skip: false, ...inferred };
  });
}
