import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriadError } from '../../../shared/contract/errors.js';
import type { JobProgress } from '../../../shared/contract/jobs.js';
import { connectDatabase, DATABASE_FILE } from '../db/project-folder.js';
import { numbersImportInput, projectWithNumbersFile } from '../test-support/numbers-import.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { ThisThreadRunner } from './this-thread-runner.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();

describe('ThisThreadRunner', () => {
  it('runs an import on this thread: started, with progress, and its result', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('this-thread'), 30_000);
    const runner = new ThisThreadRunner();
    runner.warmUp('import');
    const events: string[] = [];
    const progress: JobProgress[] = [];
    const task = runner.run('import', numbersImportInput(path, file, 'numbers', 'cli'), {
      onStart: () => events.push('started'),
      onProgress: (update) => progress.push(update),
    });
    expect(await task.result).toMatchObject({ table: 'numbers', rowsImported: 30_000 });
    expect(events).toEqual(['started']);
    expect(progress.length).toBeGreaterThan(0);
    const db = connectDatabase(join(path, DATABASE_FILE));
    expect(db.prepare('SELECT count(*) FROM numbers').pluck().get()).toBe(30_000);
    db.close();
  });

  it('stops an import it is asked to cancel, leaving no table, and refuses one cancelled before it starts', async () => {
    const { path, file } = projectWithNumbersFile(temporaryFolder('this-thread'), 200_000);
    const runner = new ThisThreadRunner();
    let task: ReturnType<typeof runner.run<'import'>> | null = null;
    task = runner.run('import', numbersImportInput(path, file, 'numbers', 'cli'), { onProgress: () => task?.cancel() });
    await expect(task.result).rejects.toMatchObject({ code: 'cancelled' });
    const db = connectDatabase(join(path, DATABASE_FILE));
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'numbers'").pluck().get()).toBe(0);
    db.close();

    const early = runner.run('import', numbersImportInput(path, file, 'numbers', 'cli'));
    early.cancel();
    await expect(early.result).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('fails with the words a pool worker would send', async () => {
    const { path } = projectWithNumbersFile(temporaryFolder('this-thread'), 1);
    const failed = new ThisThreadRunner().run(
      'import',
      numbersImportInput(path, join(path, 'missing.csv'), 'numbers', 'cli'),
    );
    const error = await failed.result.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TriadError);
    expect(error).toMatchObject({ code: 'not_found', message: `there is no file at ${join(path, 'missing.csv')}` });
  });
});
