import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../shared/contract/jobs.js';
import { connectDatabase, createProject, DATABASE_FILE } from '../db/project-folder.js';
import { temporaryFoldersCleanedAfterEachTest } from '../test-support/temporary-folder.js';
import { JobStore } from './job-store.js';
import { watchOtherProcessJobs } from './other-process-jobs.js';

const temporaryFolder = temporaryFoldersCleanedAfterEachTest();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1_200));

describe('watchOtherProcessJobs', () => {
  it("reports another process's job as it is created, moves and ends, and not this process's own", async () => {
    const project = createProject(join(temporaryFolder('watch'), 'project'));
    const other = connectDatabase(join(project.path, DATABASE_FILE));
    cleanups.push(
      () => project.close(),
      () => other.close(),
    );
    const seen: JobSummary[] = [];
    cleanups.push(watchOtherProcessJobs(project.db, (job) => seen.push(job)));

    const theirs = new JobStore(other);
    theirs.create({ id: 'cli-job', kind: 'import', title: 'Import a.csv into a', params: {}, origin: 'cli' });
    // A job of another live process: the parent of this test runner stands in for it.
    other.prepare('UPDATE triad_jobs SET owner_pid = ? WHERE id = ?').run(process.ppid, 'cli-job');
    new JobStore(project.db).create({ id: 'own-job', kind: 'table-stats', title: 'Stats', params: {}, origin: 'app' });
    await tick();
    expect(seen.map((job) => `${job.id} ${job.state}`)).toEqual(['cli-job queued']);

    theirs.started('cli-job');
    await tick();
    theirs.ended('cli-job', 'succeeded', { result: {} });
    await tick();
    await tick();
    expect(seen.map((job) => `${job.id} ${job.state}`)).toEqual([
      'cli-job queued',
      'cli-job running',
      'cli-job succeeded',
    ]);
  });
});
