import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../../test-support/temporary-folder.js';
import { openCsvSource, wholeUtf8Length } from './csv-source.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const CHUNK = 64 << 10;

async function readAll(bytes: Buffer): Promise<{ fields: string[]; rows: unknown[][] }> {
  const file = join(temporaryFolder('csv'), 'data.csv');
  writeFileSync(file, bytes);
  const source = await openCsvSource(file);
  try {
    const fields = (await source.fields()).map((field) => field.name);
    const rows: unknown[][] = [];
    for await (const batch of source.batches(10_000)) rows.push(...batch.rows);
    return { fields, rows };
  } finally {
    await source.close();
  }
}

/** A CSV whose second line pads the file so that `text` starts `offset` bytes before the first chunk ends. */
function straddling(text: string, offset: number): Buffer {
  const head = 'name,note\n';
  const padding = 'x'.repeat(CHUNK - offset - head.length - 'pad,'.length - 1);
  return Buffer.from(`${head}pad,${padding}\n${text},after\n`);
}

describe('wholeUtf8Length', () => {
  it('leaves a character cut at the end for the next chunk, and keeps whole ones', () => {
    const euro = Buffer.from('€'); // three bytes
    const smile = Buffer.from('😀'); // four bytes
    expect(wholeUtf8Length(Buffer.from('abc'))).toBe(3);
    expect(wholeUtf8Length(Buffer.concat([Buffer.from('a'), euro]))).toBe(4);
    expect(wholeUtf8Length(Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]))).toBe(1);
    expect(wholeUtf8Length(Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]))).toBe(1);
    expect(wholeUtf8Length(Buffer.concat([Buffer.from('a'), smile.subarray(0, 3)]))).toBe(1);
    expect(wholeUtf8Length(smile)).toBe(4);
    expect(wholeUtf8Length(Buffer.alloc(0))).toBe(0);
  });
});

describe('CSV text across chunks (64 KiB each)', () => {
  it.each([1, 2, 3])('reads a character whose bytes the chunk boundary cuts %i byte(s) in', async (cut) => {
    const { rows } = await readAll(straddling('€😀é', cut));
    expect(rows.at(-1)).toEqual(['€😀é', 'after']);
  });

  it('strips a byte order mark at the start of the file only', async () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), straddling('\uFEFFkept', 0)]);
    const { fields, rows } = await readAll(file);
    expect(fields).toEqual(['name', 'note']);
    expect(rows.at(-1)?.[0]).toBe('\uFEFFkept');
  });

  it('refuses bytes that are not UTF-8, at a chunk boundary or at the end of the file', async () => {
    const cutAtBoundary = straddling('ok', 0);
    cutAtBoundary[CHUNK - 1] = 0xe2;
    await expect(readAll(cutAtBoundary)).rejects.toThrow('data.csv is not valid utf-8 text');
    const cutAtEnd = Buffer.concat([Buffer.from('name\nabc\n'), Buffer.from('€').subarray(0, 2)]);
    await expect(readAll(cutAtEnd)).rejects.toThrow('data.csv is not valid utf-8 text');
  });
});
