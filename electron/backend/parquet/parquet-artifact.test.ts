import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { type ParquetArtifactRequest, storeParquetArtifact, storeParquetArtifactHere } from './parquet-artifact.js';
import { joinedParts, writeParquet } from './parquet-file-writer.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

function request(projectDir: string): ParquetArtifactRequest {
  const rows = 5_000;
  const shared = new Float64Array(new SharedArrayBuffer(rows * 8)).map((_, row) => (row % 3 ? row / 4 : Number.NaN));
  return {
    projectDir,
    kind: 'training-sets',
    columns: [
      { name: 'score', type: 'real' },
      { name: 'user', type: 'integer' },
      { name: 'city', type: 'text' },
    ],
    values: [
      shared,
      Float64Array.from({ length: rows }, (_, row) => row % 50),
      Array.from({ length: rows }, (_, row) => (row % 7 ? `city ${row % 9}` : null)),
    ],
    rows,
  };
}

describe('storeParquetArtifact', () => {
  it('keeps the same bytes under the same name whether written on a thread or here', async () => {
    const projectDir = temporaryFolder('project');
    const asked = request(projectDir);
    const onThread = await storeParquetArtifact(asked, true);
    const here = await storeParquetArtifact(asked, false);
    expect(onThread).toEqual(here);
    expect(onThread.artifact).toMatch(/^artifacts\/training-sets\/[0-9a-f]{64}\.parquet$/);
    const bytes = readFileSync(join(projectDir, onThread.artifact));
    expect(bytes.equals(Buffer.from(joinedParts(writeParquet(asked.columns, asked.values, asked.rows))))).toBe(true);
    expect(storeParquetArtifactHere(asked)).toEqual(onThread);
  });

  it('brings a refusal back from the thread as the same error, and writes nothing', async () => {
    const projectDir = temporaryFolder('project');
    const asked: ParquetArtifactRequest = {
      projectDir,
      kind: 'training-sets',
      columns: [{ name: 'visits', type: 'integer' }],
      values: [['12', 'twelve']],
      rows: 2,
    };
    const refusal = await storeParquetArtifact(asked, true).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TriadError);
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/column "visits" holds "twelve" at row 2/),
    });
    expect(existsSync(join(projectDir, 'artifacts'))).toBe(false);
  });
});
