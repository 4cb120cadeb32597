import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArchive } from './bundle-archive-writer.js';

const folder = mkdtempSync(join(tmpdir(), 'triad-archive-writer-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('writing an archive', () => {
  it('fails with the reason, and leaves no file, when a file it takes cannot be read', async () => {
    const present = join(folder, 'present.txt');
    writeFileSync(present, 'here');
    const out = join(folder, 'broken.zip');
    await expect(
      writeArchive(out, [
        { path: 'present.txt', file: present, compress: true },
        { path: 'gone.txt', file: join(folder, 'gone.txt'), compress: false },
      ]),
    ).rejects.toThrow(/ENOENT/);
    expect(readdirSync(folder)).toEqual(['present.txt']);
  });
});
