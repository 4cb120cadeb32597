import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { keepPackedRows, NullTokenBytes, packDelimitedText, packedValueAt, packTexts } from './packed-text.js';
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
        Array.from(column.starts, (_, row) => packedValueAt(column, row)),
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
    expect([packedValueAt(kept, 0), packedValueAt(kept, 1)]).toEqual(['x', 'zzz']);
    expect(kept.text).toBe(column.text);
  });

  it('pack text values already made, nulls kept; not a column with any other value', () => {
    const values = ['Zürich', null, '', '😀 ok', 'x'];
    const packed = packTexts(values);
    if (!packed) throw new Error('all text');
    expect(values.map((_, row) => packedValueAt(packed, row))).toEqual(values);
    expect(packTexts(['a', 1, null])).toBeNull();
  });

  it('packs a null token as null, as a text column types it, leaving the values given untouched', () => {
    const values = ['NA', 'kept', null, 'NULL', ' NA'];
    const packed = packTexts(values, new Set(['NA', 'NULL']));
    if (!packed) throw new Error('all text');
    expect(values.map((_, row) => packedValueAt(packed, row))).toEqual([null, 'kept', null, null, ' NA']);
    expect(packed.text).toBe('kept NA');
    expect(values).toEqual(['NA', 'kept', null, 'NULL', ' NA']);
  });
});
