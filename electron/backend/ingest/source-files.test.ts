import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { previewFile } from './preview.js';
import { assertFileToRead, detectFormat } from './source-files.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('choosing a file to read', () => {
  it('says a folder is a folder, before guessing its format', async () => {
    const folder = join(temporaryFolder('files'), 'exports');
    mkdirSync(folder);
    expect(() => assertFileToRead(folder)).toThrow(`${folder} is a folder: choose a file inside it`);
    await expect(previewFile(folder)).rejects.toThrow(`${folder} is a folder: choose a file inside it`);
  });

  it('names the extensions it knows when it cannot tell a format, with no command-line option in it', async () => {
    const file = join(temporaryFolder('files'), 'readings.dat');
    writeFileSync(file, 'a,b\n1,2\n');
    const message =
      'cannot tell the format of ' +
      `${file} from its extension: CSV files end in .csv, .tsv or .txt, NDJSON files in .ndjson or .jsonl, ` +
      'Parquet files in .parquet, Arrow files in .arrow, .feather or .ipc';
    expect(() => detectFormat(file)).toThrow(message);
    await expect(previewFile(file)).rejects.toThrow(message);
    expect((await previewFile(file, { format: 'csv' })).columns.map((column) => column.name)).toEqual(['a', 'b']);
  });
});
