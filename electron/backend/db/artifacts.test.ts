import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { describeArtifact, storeArtifact, storeArtifactFile } from './artifacts.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('content-addressed artifacts', () => {
  it('writes a file given in more parts than one write takes, each byte in its place', () => {
    const project = temporaryFolder('artifacts');
    const parts = Array.from({ length: 2_500 }, (_, index) =>
      Uint8Array.from({ length: index % 7 }, () => index % 256),
    );
    const joined = Buffer.concat(parts);
    const kept = storeArtifact(project, 'files', 'bin', parts);
    expect(kept.contentHash).toBe(sha256(joined));
    expect(readFileSync(kept.path).equals(joined)).toBe(true);
  });

  it('keeps each content once, named by its SHA-256, whether given as bytes or as a file', async () => {
    const project = temporaryFolder('artifacts');
    const first = join(project, 'first.csv');
    const same = join(project, 'same.csv');
    const other = join(project, 'other.csv');
    writeFileSync(first, 'a,b\n1,2\n');
    writeFileSync(same, 'a,b\n1,2\n');
    writeFileSync(other, 'a,b\n3,4\n');
    const kept = await storeArtifactFile(project, 'files', 'csv', first);
    expect(kept).toEqual({
      contentHash: sha256('a,b\n1,2\n'),
      artifact: `artifacts/files/${sha256('a,b\n1,2\n')}.csv`,
      path: join(project, 'artifacts', 'files', `${sha256('a,b\n1,2\n')}.csv`),
    });
    expect(await storeArtifactFile(project, 'files', 'csv', same)).toEqual(kept);
    expect(storeArtifact(project, 'files', 'csv', new TextEncoder().encode('a,b\n1,2\n'))).toEqual(kept);
    expect(
      storeArtifact(
        project,
        'files',
        'csv',
        ['a,', 'b\n1', ',2\n'].map((part) => new TextEncoder().encode(part)),
      ),
    ).toEqual(kept);
    const different = await storeArtifactFile(project, 'files', 'csv', other);
    expect(different.contentHash).toBe(sha256('a,b\n3,4\n'));
    expect(readdirSync(join(project, 'artifacts', 'files')).sort()).toEqual(
      [`${kept.contentHash}.csv`, `${different.contentHash}.csv`].sort(),
    );
    expect(readFileSync(kept.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(describeArtifact(project, 'first.csv', kept.artifact)).toEqual({
      name: 'first.csv',
      sha256: kept.contentHash,
      bytes: 8,
      path: kept.artifact,
    });
  });
});
