import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import {
  keepPackedRows,
  NullTokenBytes,
  packDelimitedText,
  packedValues,
  packTexts,
  packUtf8Ranges,
} from './packed-text.js';
import { openCsvSource } from './sources/csv-source.js';
import { coerce, DEFAULT_NULL_TOKENS } from './value-coercion.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const TOKENS = new Set(DEFAULT_NULL_TOKENS);

/** The first batch of a CSV text, with its delimited fields. */
async function firstBatch(text: string) {
  const file = join(temporaryFolder('packed'), 'data.csv');
  writeFileSync(file, text);
  const source = await openCsvSource(file);
  try {
    for await (const batch of source.batches(1000)) {
      if (!batch.delimited) throw new Error('a CSV batch has delimited fields');
      const { delimited } = batch;
      const columns = Array.from({ length: delimited.width }, (_, index) =>
        packDelimitedText(delimited, index, new NullTokenBytes(TOKENS)),
      );
      const general = Array.from({ length: delimited.width }, (_, index) =>
        Array.from({ length: delimited.rowCount }, (_, row) =>
          coerce(delimited.valueAt(index, row), 'text', null, TOKENS),
        ),
      );
      return { columns, general };
    }
    throw new Error('no batch');
  } finally {
    await source.close();
  }
}

describe('packed text columns', () => {
  it('hold exactly what typing each value as text gives: nulls, null tokens, quotes undone, any character', async () => {
    const values = [
      '',
      '""',
      'NA',
      '"NA"',
      'N/A',
      'plain',
      '"say ""hi"""',
      '"a,b"',
      'é€',
      '😀x😀',
      '"two\nlines"',
      'NAN',
    ];
    const rows = values.flatMap((first) => values.map((second) => `${first},${second}`));
    const { columns, general } = await firstBatch(`a,b\n${rows.join('\n')}\n`);
    for (const [index, column] of columns.entries())
      expect(
        Array.from(column.starts, (_, row) => packedValues(column)(row)),
        `column ${index}`,
      ).toEqual(general[index]);
    expect(general[1]).toContain('say "hi"');
    expect(general[1]).toContain('😀x😀');
    expect(general[1]).toContain(null);
  });

  it('keep only the rows asked for, with the text as it was', async () => {
    const { columns } = await firstBatch('a\nx\n\nyy\nzzz\n');
    const [column] = columns;
    if (!column) throw new Error('one column');
    const kept = keepPackedRows(column, Uint8Array.from([1, 0, 1]));
    expect([packedValues(kept)(0), packedValues(kept)(1)]).toEqual(['x', 'zzz']);
    expect(kept.bytes).toBe(column.bytes);
  });

  it('pack text values already made, nulls kept; not a column with any other value', () => {
    const values = ['Zürich', null, '', '😀 ok', 'x'];
    const packed = packTexts(values);
    if (!packed) throw new Error('all text');
    expect(values.map((_, row) => packedValues(packed)(row))).toEqual(values);
    expect(packTexts(['a', 1, null])).toBeNull();
  });

  it('packs a null token as null, as a text column types it, leaving the values given untouched', () => {
    const values = ['NA', 'kept', null, 'NULL', ' NA'];
    const packed = packTexts(values, new Set(['NA', 'NULL']));
    if (!packed) throw new Error('all text');
    expect(values.map((_, row) => packedValues(packed)(row))).toEqual([null, 'kept', null, null, ' NA']);
    expect(Buffer.from(packed.bytes).toString()).toBe('kept NA');
    expect(values).toEqual(['NA', 'kept', null, 'NULL', ' NA']);
  });

  it('do not pack text with a lone surrogate, which has no UTF-8 form', () => {
    expect(packTexts(['ok', 'lone \ud800 surrogate'])).toBeNull();
    expect(packTexts(['pair split \ud83c', '\udf89'])).toBeNull();
    expect(packTexts(['\udc00'])).toBeNull();
    const pair = packTexts(['a😀', null, 'é😀b']);
    expect(pair && [0, 1, 2].map((row) => packedValues(pair)(row))).toEqual(['a😀', null, 'é😀b']);
  });

  it('pack byte ranges of UTF-8 values, shared or scattered, and refuse any that is not UTF-8 on its own', () => {
    const dictionary = Buffer.from('ORDJFKé😀LAX');
    // Rows pointing into a dictionary, in any order and more than once: the span travels as it is.
    const shared = packUtf8Ranges(dictionary, Int32Array.from([3, 0, -1, 3, 6]), Int32Array.from([6, 3, -1, 6, 12]));
    expect(shared && [0, 1, 2, 3, 4].map((row) => packedValues(shared)(row))).toEqual([
      'JFK',
      'ORD',
      null,
      'JFK',
      'é😀',
    ]);
    // Two short values far apart in a large source are gathered, not sent with everything between.
    const large = Buffer.alloc(100_000, 0x61);
    large.write('first', 0);
    large.write('last', 99_990);
    const gathered = packUtf8Ranges(large, Int32Array.from([0, 99_990]), Int32Array.from([5, 99_994]));
    expect(gathered?.bytes.length).toBe(9);
    expect(gathered && [0, 1].map((row) => packedValues(gathered)(row))).toEqual(['first', 'last']);
    // Whole bytes that are UTF-8, cut inside a character, and bytes that are not UTF-8 at all.
    expect(packUtf8Ranges(dictionary, Int32Array.from([6]), Int32Array.from([7]))).toBeNull();
    expect(packUtf8Ranges(dictionary, Int32Array.from([7]), Int32Array.from([8]))).toBeNull();
    expect(packUtf8Ranges(Buffer.from([0x61, 0xff, 0x62]), Int32Array.from([0]), Int32Array.from([3]))).toBeNull();
    expect(packUtf8Ranges(large, Int32Array.from([-1, 3]), Int32Array.from([-1, 3]))?.starts[1]).toBe(0);
  });
});
