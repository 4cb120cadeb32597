import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/test-support/seeded-random.js';
import { temporaryFoldersCleanedAfterEachTest } from '../../test-support/temporary-folder.js';
import { READ_SIZES } from './csv-bytes.js';
import { type CsvOptions, openCsvSource } from './csv-source.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

interface Read {
  fields: string[];
  rows: unknown[][];
  rejected: { rowNumber: number; reason: string; raw: string | null }[];
}

/** Reads a whole file, `readBytes` at a time. */
async function readAll(bytes: Buffer | string, readBytes?: number, options: CsvOptions = {}): Promise<Read> {
  const file = join(temporaryFolder('csv'), 'data.csv');
  writeFileSync(file, bytes);
  const source = await openCsvSource(file, options, { ...READ_SIZES, ...(readBytes ? { readBytes } : {}) });
  try {
    const fields = (await source.fields()).map((field) => field.name);
    const read: Read = { fields, rows: [], rejected: [] };
    for await (const batch of source.batches(7)) {
      read.rows.push(...batch.rows);
      read.rejected.push(...batch.rejected);
    }
    return read;
  } finally {
    await source.close();
  }
}

/** A CSV with every way a field or a line can be written: quotes, doubled quotes, CR LF, lone CR, blank lines, multi-byte text. */
function awkwardCsv(seed: number): string {
  const random = seededRandom(seed).next;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const fields = [
    '',
    '12',
    '-3.5',
    'plain',
    'é€😀',
    '"quoted, with comma"',
    '"say ""hi"""',
    '"two\nlines"',
    '"cr\r\nlf"',
  ];
  const ends = ['\n', '\r\n', '\r', '\n\n'];
  let text = `a,b,c${pick(ends)}`;
  for (let row = 0; row < 300; row += 1) {
    const width = random() < 0.05 ? 2 : 3;
    text += Array.from({ length: width }, () => pick(fields)).join(',') + pick(ends);
  }
  return text;
}

describe('CSV read across read buffers', () => {
  it('reads the same records whatever the size of each read, on awkward text', async () => {
    for (const seed of [1, 2, 3]) {
      const text = awkwardCsv(seed);
      const whole = await readAll(text);
      expect(whole.rows.length).toBeGreaterThan(250);
      for (const readBytes of [16, 37, 64, 1000]) {
        const pieces = await readAll(text, readBytes);
        expect(pieces, `seed ${seed}, ${readBytes} bytes a read`).toEqual(whole);
      }
    }
  });

  it('reads quoted fields, doubled quotes and line breaks inside fields', async () => {
    const read = await readAll('name;note\r\n"Smith; J";"said ""hi""\r\nthen left"\r\nLee;\r\n', 8);
    expect(read.fields).toEqual(['name', 'note']);
    expect(read.rows).toEqual([
      ['Smith; J', 'said "hi"\r\nthen left'],
      ['Lee', null],
    ]);
  });

  it.each([1, 2, 3])('reads a character whose bytes a read cuts %i byte(s) in', async (cut) => {
    const head = 'name,note\n';
    const padding = 'x'.repeat(64 - cut - head.length - 1);
    const read = await readAll(`${head}${padding},€😀é\n`, 64);
    expect(read.rows).toEqual([[padding, '€😀é']]);
  });

  it('strips a byte order mark at the start of the file only', async () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,note\n\uFEFFkept,x\n')]);
    const read = await readAll(file, 8);
    expect(read.fields).toEqual(['name', 'note']);
    expect(read.rows).toEqual([['\uFEFFkept', 'x']]);
  });

  it('refuses bytes that are not UTF-8, naming where: in the header, across reads, at the end of the file', async () => {
    const refusal = (byte: number) => `data.csv is not valid utf-8 text (near byte ${byte});`;
    const inHeader = Buffer.concat([Buffer.from('na'), Buffer.from([0xff]), Buffer.from('me\nx\n')]);
    await expect(readAll(inHeader)).rejects.toThrow(refusal(2));
    // A literal replacement character before the bad bytes is text, not the fault.
    const acrossReads = Buffer.from(`name\n${'a'.repeat(40)}\n\uFFFD,bad€\n`);
    acrossReads[acrossReads.length - 2] = 0x41;
    await expect(readAll(acrossReads, 16)).rejects.toThrow(refusal(acrossReads.length - 4));
    const cutAtEnd = Buffer.concat([Buffer.from('name\nabc\n'), Buffer.from('€').subarray(0, 2)]);
    await expect(readAll(cutAtEnd, 4)).rejects.toThrow(refusal(9));
  });

  it('reads UTF-16 and Windows-1252 files, whatever the read size', async () => {
    const text = 'city,note\nZürich,"a ""b"""\nKöln,€\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const expected = [
      ['Zürich', 'a "b"'],
      ['Köln', '€'],
    ];
    expect((await readAll(utf16, 5, { encoding: 'utf-16le' })).rows).toEqual(expected);
    const windows1252 = Buffer.from(text.replace('€', '\x80'), 'latin1');
    expect((await readAll(windows1252, 5, { encoding: 'latin1' })).rows).toEqual(expected);
  });

  it('grows its buffer for a record longer than a read, and rejects the wrong number of fields with the line', async () => {
    const long = 'y'.repeat(500);
    const read = await readAll(`a,b\n1,"${long}"\n2\n3,z\n`, 32);
    expect(read.rows).toEqual([
      ['1', long],
      ['3', 'z'],
    ]);
    expect(read.rejected).toEqual([{ rowNumber: 2, reason: 'expected 2 fields, found 1', raw: '2' }]);
  });

  it('refuses a record longer than the limit, as a quote probably left open', async () => {
    const file = join(temporaryFolder('csv'), 'open.csv');
    writeFileSync(file, `a,b\n1,"${'z'.repeat(300)}\n2,x\n`);
    const source = await openCsvSource(file, {}, { readBytes: 16, maxRecordBytes: 256 });
    const reading = async () => {
      for await (const _ of source.batches(10));
    };
    await expect(reading()).rejects.toThrow('open.csv: a record runs on for more than 256 B; is a quote left open?');
    await source.close();
  });

  it('refuses a delimiter or quote that is not one ASCII character', async () => {
    await expect(readAll('a,b\n1,2\n', undefined, { delimiter: '::' })).rejects.toThrow(
      'the delimiter must be one ASCII character other than a line break, not "::"',
    );
    await expect(readAll('a,b\n1,2\n', undefined, { quote: '«' })).rejects.toThrow(
      'the quote must be one ASCII character',
    );
    expect((await readAll('a|b\n1|"x|y"\n', undefined, { delimiter: '|' })).rows).toEqual([['1', 'x|y']]);
  });
});
