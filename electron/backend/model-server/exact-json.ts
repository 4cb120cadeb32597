import { TriadError } from '../../../shared/contract/errors.js';

/** Nesting deeper than this is refused before it can exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * An integer literal of 16 or more digits may lie outside Number's exact range. Fractions and
 * exponents are exempt: they are doubles however long (a float printed in full has 17 digits).
 */
const LONG_INTEGER = /[^.\d]\d{16,}(?![.\deE])/;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

function refuse(message: string): never {
  throw new TriadError('invalid_input', `request body is not valid JSON: ${message}`);
}

function describe(text: string, position: number): string {
  if (position >= text.length) return 'unexpected end of input';
  const character = text.slice(position, position + 1);
  const shown = /[\x21-\x7e]/.test(character)
    ? `'${character}'`
    : `character U+${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return `unexpected ${shown} at position ${position}`;
}

class ExactParser {
  position = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    const value = this.value(0);
    this.skipSpace();
    if (this.position < this.text.length) refuse(`${describe(this.text, this.position)} after the document's end`);
    return value;
  }

  private skipSpace(): void {
    const { text } = this;
    let at = this.position;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) at += 1;
      else break;
    }
    this.position = at;
  }

  private value(depth: number): unknown {
    this.skipSpace();
    const { text } = this;
    const code = text.charCodeAt(this.position);
    if (code === 0x7b || code === 0x5b) {
      if (depth >= MAX_JSON_DEPTH) refuse(`nesting deeper than ${MAX_JSON_DEPTH} levels at position ${this.position}`);
      return code === 0x7b ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (code === 0x22) return this.string();
    if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    return this.refuseValue();
  }

  private refuseValue(): never {
    const { text, position } = this;
    if (/^-?(?:nan|inf)/i.test(text.slice(position, position + 4)))
      refuse(
        `${describe(text, position)}: NaN and Infinity are not JSON numbers (send such tensors with the binary data extension)`,
      );
    return refuse(describe(text, position));
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (!match) return this.refuseValue();
    this.position = NUMBER.lastIndex;
    const literal = match[0];
    const value = Number(literal);
    if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(value)) return BigInt(literal);
    return value;
  }

  private string(): string {
    const { text } = this;
    const start = this.position;
    let at = start + 1;
    let escaped = false;
    for (;;) {
      const code = text.charCodeAt(at);
      if (Number.isNaN(code)) refuse(`unterminated string starting at position ${start}`);
      if (code === 0x22) break;
      if (code < 0x20)
        refuse(`control character U+${code.toString(16).padStart(4, '0')} in a string at position ${at}`);
      if (code === 0x5c) {
        escaped = true;
        at += 1;
      }
      at += 1;
    }
    this.position = at + 1;
    if (!escaped) return text.slice(start + 1, at);
    try {
      return JSON.parse(text.slice(start, at + 1)) as string;
    } catch {
      return refuse(`bad escape in the string starting at position ${start}`);
    }
  }

  private array(depth: number): unknown[] {
    const items: unknown[] = [];
    this.position += 1;
    this.skipSpace();
    if (this.text.charCodeAt(this.position) === 0x5d) {
      this.position += 1;
      return items;
    }
    for (;;) {
      items.push(this.value(depth));
      this.skipSpace();
      const code = this.text.charCodeAt(this.position);
      this.position += 1;
      if (code === 0x5d) return items;
      if (code !== 0x2c) refuse(`${describe(this.text, this.position - 1)}, expected ',' or ']'`);
    }
  }

  private object(depth: number): Record<string, unknown> {
    const entries: Record<string, unknown> = {};
    this.position += 1;
    this.skipSpace();
    if (this.text.charCodeAt(this.position) === 0x7d) {
      this.position += 1;
      return entries;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.position) !== 0x22)
        refuse(`${describe(this.text, this.position)}, expected a quoted member name`);
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.position) !== 0x3a) refuse(`${describe(this.text, this.position)}, expected ':'`);
      this.position += 1;
      const value = this.value(depth);
      // A plain assignment to "__proto__" would replace the prototype instead of adding a member.
      Object.defineProperty(entries, key, { value, writable: true, enumerable: true, configurable: true });
      this.skipSpace();
      const code = this.text.charCodeAt(this.position);
      this.position += 1;
      if (code === 0x7d) return entries;
      if (code !== 0x2c) refuse(`${describe(this.text, this.position - 1)}, expected ',' or '}'`);
    }
  }
}

/** A parsed JSON value that is an object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Strict JSON with integer literals beyond Number's exact range kept as BigInt, nesting limited to
 * MAX_JSON_DEPTH. Always the careful parser; `parseRequestJson` picks the fast one when it can.
 */
export function parseExactJson(text: string): unknown {
  return new ExactParser(text).parseDocument();
}

/**
 * A request body's JSON. Only INT64 and UINT64 tensors need integers beyond Number's exact range,
 * so the careful parser reads just the bodies that name one of them and hold a 16-digit integer
 * literal; JSON.parse (iterative, so depth cannot overflow it) reads the rest, and the careful
 * parser explains any body JSON.parse refuses.
 */
export function parseRequestJson(text: string): unknown {
  if (text.includes('INT64') && LONG_INTEGER.test(text)) return parseExactJson(text);
  try {
    return JSON.parse(text);
  } catch {
    parseExactJson(text);
    return refuse('the body could not be parsed');
  }
}

function hasNegativeZero(array: ArrayLike<number>): boolean {
  for (let index = 0; index < array.length; index += 1) {
    const value = array[index] as number;
    if (value === 0 && 1 / value < 0) return true;
  }
  return false;
}

/** join() writes -0 as "0"; the rare array holding one is written element by element to keep its sign. */
function writeNumbers(array: ArrayLike<number | bigint> & { join(separator: string): string }): string {
  if (typeof array[0] === 'number' && hasNegativeZero(array as ArrayLike<number>))
    return `[${Array.from(array as ArrayLike<number>, (value) => (value === 0 && 1 / value < 0 ? '-0' : String(value))).join(',')}]`;
  return `[${array.join(',')}]`;
}

/**
 * JSON text for response values, exactly: bigint and 64-bit integer arrays as their digits, typed
 * arrays as arrays. Non-finite floats are written NaN, Infinity and -Infinity, as Triton writes
 * them (not strict JSON; clients that need strict JSON ask for binary outputs). JSON.stringify
 * writes it when every number allows (most responses); otherwise it is written by hand.
 */
export function serializeJson(value: unknown): string {
  const plain = asPlainJson(value);
  return plain === NEEDS_EXACT_WRITING ? writeExactly(value) : JSON.stringify(plain);
}

const NEEDS_EXACT_WRITING = Symbol('needs exact writing');

/**
 * `value` as JSON.stringify would write it exactly as writeExactly does: typed arrays and safe
 * bigints become plain numbers (in copies of the arrays and objects holding them; the rest is
 * returned as it is), or NEEDS_EXACT_WRITING when a number only writeExactly keeps (-0, NaN,
 * ±Infinity, a bigint beyond 2^53).
 */
function asPlainJson(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) && !(value === 0 && 1 / value < 0) ? value : NEEDS_EXACT_WRITING;
    case 'bigint': {
      const number = Number(value);
      return Number.isSafeInteger(number) ? number : NEEDS_EXACT_WRITING;
    }
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return plainNumbers(value as unknown as ArrayLike<number | bigint>) ?? NEEDS_EXACT_WRITING;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let index = 0; index < value.length; index += 1) {
      const member: unknown = value[index];
      const plain = asPlainJson(member);
      if (plain === NEEDS_EXACT_WRITING) return plain;
      if (plain === member) continue;
      copy ??= [...value];
      copy[index] = plain;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const [key, member] of Object.entries(value)) {
    const plain = asPlainJson(member);
    if (plain === NEEDS_EXACT_WRITING) return plain;
    if (plain === member) continue;
    copy ??= { ...value };
    copy[key] = plain;
  }
  return copy ?? value;
}

function writeExactly(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return value === 0 && 1 / value < 0 ? '-0' : String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'null';
  }
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return writeNumbers(value as unknown as Float64Array);
  if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === 'number' && value.every((item) => typeof item === 'number'))
      return writeNumbers(value as number[]);
    if (value.every((item) => typeof item === 'string')) return JSON.stringify(value);
    return `[${value.map(writeExactly).join(',')}]`;
  }
  const parts: string[] = [];
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (member !== undefined) parts.push(`${JSON.stringify(key)}:${writeExactly(member)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Numbers as a plain array JSON.stringify writes exactly the way writeExactly would, or null when
 * it could not (NaN, Infinity, -0, 64-bit integers beyond 2^53).
 */
function plainNumbers(values: ArrayLike<number | bigint>): number[] | null {
  const plain = new Array<number>(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number | bigint;
    const number = typeof value === 'bigint' ? Number(value) : value;
    if (!Number.isFinite(number) || (number === 0 && 1 / number < 0)) return null;
    if (typeof value === 'bigint' && !Number.isSafeInteger(number)) return null;
    plain[index] = number;
  }
  return plain;
}
