import { createHash } from 'node:crypto';
import type { FrameColumn } from './preprocessing.js';

/** Values are hashed this many at a time: a kind byte and a double each, text after them. */
const CHUNK = 8192;

enum Kind {
  Missing = 0,
  Number = 1,
  Text = 2,
  BigInt = 3,
  Bytes = 4,
}

/**
 * The SHA-256 of rows trained on: each column's name, type and row count, then its values chunk
 * by chunk (a kind per value, numbers as doubles, text and big integers length-prefixed), so
 * the same rows give the same hash and any changed value, type or order gives another.
 */
export function trainingDataHash(columns: readonly FrameColumn[]): string {
  const hash = createHash('sha256');
  const kinds = new Uint8Array(CHUNK);
  const numbers = new Float64Array(CHUNK);
  for (const column of columns) {
    hash.update(`${column.name}\u0000${column.type}\u0000${column.values.length}\u0000`);
    let count = 0;
    let text = '';
    const flush = () => {
      hash.update(kinds.subarray(0, count));
      hash.update(new Uint8Array(numbers.buffer, 0, count * 8));
      if (text) hash.update(text);
      count = 0;
      text = '';
    };
    for (const value of column.values) {
      numbers[count] = 0;
      if (typeof value === 'number') {
        kinds[count] = Kind.Number;
        numbers[count] = value;
      } else if (value === null || value === undefined) {
        kinds[count] = Kind.Missing;
      } else if (value instanceof Uint8Array) {
        kinds[count] = Kind.Bytes;
        text += `${value.length}:${Buffer.from(value).toString('base64')}`;
      } else {
        const written = String(value);
        kinds[count] = typeof value === 'bigint' ? Kind.BigInt : Kind.Text;
        text += `${written.length}:${written}`;
      }
      if (++count === CHUNK) flush();
    }
    flush();
  }
  return hash.digest('hex');
}
