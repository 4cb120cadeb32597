import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectDatabase, createProject, DATABASE_FILE } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { ingestFile } from './ingest.js';
import { prepareReaderThread, READER_THREAD_AVAILABLE } from './reader-threads.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const COMPILED = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'dist',
  'electron',
  'backend',
  'ingest',
  'reader-threads.js',
);

describe.runIf(READER_THREAD_AVAILABLE)('a reader thread started ahead of an import', () => {
  it('reads the file the import names, every row in order', async () => {
    prepareReaderThread();
    const dir = join(temporaryFolder('prepared'), 'project');
    createProject(dir).close();
    const file = join(temporaryFolder('files'), 'ids.csv');
    writeFileSync(file, `id,label\n${Array.from({ length: 25_000 }, (_, row) => `${row},r${row}`).join('\n')}\n`);
    const dbFile = join(dir, DATABASE_FILE);
    const result = await ingestFile(dbFile, { file, table: 'ids', mode: 'replace' }, {}, connectDatabase);
    expect(result.rowsImported).toBe(25_000);
    const db = connectDatabase(dbFile);
    const rows = db.prepare('SELECT id, label FROM ids ORDER BY rowid').raw().all() as [number, string][];
    db.close();
    expect(rows.every(([id, label], row) => id === row && label === `r${row}`)).toBe(true);
  });

  it('does not keep the process alive when no import takes it', () => {
    // A script file: a worker started from `node -e` inherits flags that end it at once.
    const script = join(temporaryFolder('prepared'), 'prepare.mjs');
    writeFileSync(script, `(await import(${JSON.stringify(COMPILED)})).prepareReaderThread();\n`);
    const run = spawnSync(process.execPath, [script], { timeout: 10_000, encoding: 'utf8' });
    expect([run.status, run.signal, run.stderr]).toEqual([0, null, '']);
  });
});
