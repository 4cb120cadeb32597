import { TriadError } from '../../../shared/contract/errors.js';

/** SQLite's column affinity for a declared type (https://sqlite.org/datatype3.html#determination_of_column_affinity). */
export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

export function affinityOf(declaredType: string): Affinity {
  const type = declaredType.toUpperCase();
  if (type.includes('INT')) return 'INTEGER';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT';
  if (type === '' || type.includes('BLOB')) return 'BLOB';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a text spells; an integer too large for a double stays text, which SQLite converts exactly. */
function numberFromText(text: string): number | string | null {
  if (INTEGER_TEXT.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) ? value : text;
  }
  return NUMBER_TEXT.test(text) ? Number(text) : null;
}

/**
 * A key value as a column of the key's type holds it, so it compares as that type: the text
 * '42' is the number 42 in an INTEGER key, 42 is '42' in a TEXT key ('007' and '7.0' are 7 in a
 * number key). Undefined when the text is no value of a number key ('x' in an INTEGER key).
 */
export function keyOfType(affinity: Affinity, value: string | number): string | number | undefined {
  if (affinity === 'TEXT') return String(value);
  if (typeof value !== 'string') return value;
  const number = numberFromText(value.trim());
  if (number !== null) return number;
  return affinity === 'NUMERIC' || affinity === 'BLOB' ? value : undefined;
}

export interface KeyColumn {
  name: string;
  affinity: Affinity;
  view: string;
}

/**
 * A key value given as text (the command line, a URL) converted to the type its online column
 * holds (see keyOfType). An untyped key column (made by earlier versions) compares as NUMERIC.
 */
export function keyParameter(key: KeyColumn, value: string | number): string | number {
  const typed = keyOfType(key.affinity, value);
  if (typed !== undefined) return typed;
  throw new TriadError(
    'invalid_input',
    `${key.name} is a number key in feature view ${key.view}; "${value}" is not a number`,
  );
}
