import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/test-support/seeded-random.js';
import type { ColumnType } from '../db/column-types.js';
import { fastParserFor, parseField } from './fast-parse.js';
import { CoercionError, coerce, DEFAULT_NULL_TOKENS } from './value-coercion.js';

const TOKENS = new Set(DEFAULT_NULL_TOKENS);

/** What the general way makes of a text: its value, or 'refused'. */
function general(text: string, type: ColumnType): unknown {
  try {
    return coerce(text, type, null, TOKENS);
  } catch (error) {
    if (error instanceof CoercionError) return 'refused';
    throw error;
  }
}

/** Texts near the edges of what the fast parsers take: signs, points, long digit runs, spaces, words. */
function spelling(random: () => number): string {
  const pieces = [
    '-',
    '+',
    '.',
    '0',
    '7',
    '9',
    '12',
    '0000',
    '123456789',
    ' ',
    'e5',
    'E-3',
    'x',
    'true',
    'False',
    'TRUE',
    'FALSE',
    'NA',
    '٣',
    'é',
  ];
  const count = 1 + Math.floor(random() * 5);
  return Array.from({ length: count }, () => pieces[Math.floor(random() * pieces.length)] as string).join('');
}

describe('fast parsers', () => {
  it('give exactly what the general way gives for every text they take, on 100,000 random spellings', () => {
    const random = seededRandom(42).next;
    for (const type of ['integer', 'real', 'boolean'] as const) {
      const parse = fastParserFor(type, null, TOKENS);
      if (!parse) throw new Error(`no fast parser for ${type}`);
      let taken = 0;
      for (let sample = 0; sample < 100_000; sample += 1) {
        const text = spelling(random);
        const padded = Buffer.from(`,${text},`);
        const fast = parse(padded, 1, padded.length - 1);
        if (Number.isNaN(fast)) continue;
        taken += 1;
        expect(Object.is(fast, general(text, type)), `${type} ${JSON.stringify(text)}`).toBe(true);
      }
      expect(taken, type).toBeGreaterThan(500);
    }
  });

  it('take every spelling of a boolean the general way takes, and only those', () => {
    const parse = fastParserFor('boolean', null, TOKENS);
    if (!parse) throw new Error('no fast parser for booleans');
    const words = [
      'true',
      'True',
      'TRUE',
      'false',
      'False',
      'FALSE',
      '0',
      '1',
      'tRue',
      'falsE',
      'fals',
      'trues',
      '2',
      '',
    ];
    for (const word of words) {
      const padded = Buffer.from(`,${word},`);
      const fast = parseField(parse, padded, 1, padded.length - 1);
      expect(Object.is(fast, parse(padded, 1, padded.length - 1)), word).toBe(true);
      expect(Number.isNaN(fast) ? 'refused' : fast, word).toEqual(word === '' ? 'refused' : general(word, 'boolean'));
    }
  });

  it('read decimals as Number() does, to the last bit', () => {
    const parse = fastParserFor('real', null, TOKENS);
    const random = seededRandom(7).next;
    let taken = 0;
    for (let sample = 0; sample < 100_000; sample += 1) {
      const digits = String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 15))));
      const point = Math.floor(random() * digits.length);
      const text = `${random() < 0.5 ? '-' : ''}${digits.slice(0, point) || '0'}.${digits.slice(point)}`;
      const fast = parse?.(Buffer.from(text), 0, text.length) ?? Number.NaN;
      if (Number.isNaN(fast)) continue;
      taken += 1;
      expect(fast, text).toBe(Number(text));
    }
    expect(taken).toBeGreaterThan(80_000);
  });

  it('read UTC timestamps in place and leave other spellings to the general way', () => {
    const parse = fastParserFor('timestamp', null, TOKENS);
    const text = Buffer.from('x,2024-02-29T10:20:30.456Z,2024-02-30T00:00:00Z,2024-02-29 10:20:30');
    expect(parse?.(text, 2, 26)).toBe(Date.UTC(2024, 1, 29, 10, 20, 30, 456));
    expect(parse?.(text, 27, 47)).toBeNaN();
    expect(parse?.(text, 48, text.length)).toBeNaN();
    expect(fastParserFor('timestamp', '%Y/%m/%d', TOKENS)).toBeNull();
  });

  it('step aside when a null token would parse as a value, so it still becomes null', () => {
    expect(fastParserFor('integer', null, new Set(['-1']))).toBeNull();
    expect(fastParserFor('boolean', null, new Set(['0']))).toBeNull();
    expect(fastParserFor('integer', null, TOKENS)).not.toBeNull();
    expect(fastParserFor('text', null, TOKENS)).toBeNull();
  });
});
