import type { ColumnSpec, ColumnType } from '../db/column-types.js';
import type { DeclaredType, RawValue, SourceField } from './record-source.js';
import { CANDIDATE_FORMATS, isDateOnlyFormat, parseTimestamp } from './timestamp-format.js';
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

function inferTimestampFormat(texts: readonly string[]): string | null | undefined {
  for (const format of CANDIDATE_FORMATS) {
    if (texts.every((text) => parseTimestamp(text, format) !== null)) return format;
  }
  return undefined;
}

/** The narrowest type every sampled value of a text column fits. */
function inferFromText(
  values: readonly RawValue[],
  nullTokens: ReadonlySet<string>,
): Pick<ColumnSpec, 'type' | 'format'> {
  const present = values.filter((value): value is string => typeof value === 'string' && !nullTokens.has(value.trim()));
  if (present.length === 0) return { type: 'text', format: null };
  for (const type of ['boolean', 'integer', 'real'] as const) {
    if (type === 'boolean' && present.every((text) => text === '0' || text === '1')) continue;
    if (fits(present, type, null, nullTokens)) return { type, format: null };
  }
  const format = inferTimestampFormat(present);
  if (format !== undefined) return { type: isDateOnlyFormat(format, present) ? 'date' : 'timestamp', format };
  return { type: 'text', format: null };
}

function inferFromValues(
  values: readonly RawValue[],
  nullTokens: ReadonlySet<string>,
): Pick<ColumnSpec, 'type' | 'format'> {
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.every((value) => typeof value === 'string')) return inferFromText(present, nullTokens);
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
 * Proposes a schema from the file's fields and a sample of its rows: declared types are kept
 * (Parquet, Arrow); text formats get the narrowest type every sampled value fits.
 */
export function inferSchema(
  fields: readonly SourceField[],
  sample: readonly RawValue[][],
  nullTokens: ReadonlySet<string>,
): ColumnSpec[] {
  return fields.map((field, index) => {
    const inferred = field.declaredType
      ? { type: DECLARED[field.declaredType], format: null }
      : inferFromValues(
          sample.map((row) => row[index] ?? null),
          nullTokens,
        );
    return { source: field.name, name: field.name, skip: false, ...inferred };
  });
}
