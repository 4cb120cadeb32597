import type { Command } from 'commander';
import { JOB_STATES, type Job, type JobState, type JobSummary } from '../../../shared/contract/jobs.js';
import { elapsed } from '../../../shared/format.js';
import { describeJobProgress } from '../../../shared/job-progress.js';
import { isProcessAlive } from '../../backend/db/process-liveness.js';
import type { Project } from '../../backend/db/project.js';
import { JobStore } from '../../backend/jobs/job-store.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect, parseChoice, parsePositiveCount } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { shortId, textTable } from '../text-table.js';

interface ListOptions extends OutputOptions, ProjectOptions {
  state: JobState[];
  limit: number;
}

/** How long `triad jobs cancel` waits for another process to stop the job before it says so. */
const CANCEL_WAIT_MS = 10_000;

export function describeJobList(jobs: readonly JobSummary[]): string {
  if (jobs.length === 0)
    return 'No jobs yet: imports, materializations, training sets, statistics and checks run as jobs.';
  const rows = jobs.map((job) => [
    shortId(job.id),
    job.state,
    job.kind,
    job.createdAt.replace('T', ' ').slice(0, 19),
    elapsed(job.startedAt, job.finishedAt),
    job.origin,
    job.title,
  ]);
  return textTable(['ID', 'STATE', 'KIND', 'CREATED (UTC)', 'TIME', 'FROM', 'WHAT'], rows);
}

export function describeJob(job: Job): string {
  return [
    `${job.title}`,
    `  id        ${job.id}`,
    `  kind      ${job.kind}, started from ${job.origin === 'cli' ? 'a triad command' : 'the app'}`,
    `  state     ${job.state}${job.error ? `: ${job.error}` : ''}`,
    `  created   ${job.createdAt}`,
    ...(job.startedAt ? [`  started   ${job.startedAt}`] : []),
    ...(job.finishedAt ? [`  finished  ${job.finishedAt} (${elapsed(job.startedAt, job.finishedAt)})`] : []),
    ...(job.progress ? [`  progress  ${describeJobProgress(job.progress)}`] : []),
    `  params    ${JSON.stringify(job.params)}`,
    ...(job.log.length > 0
      ? ['Log:', ...job.log.map((entry) => `  ${entry.at.slice(11, 19)} ${entry.level.padEnd(7)} ${entry.message}`)]
      : []),
    ...(job.state === 'succeeded' ? ['Result (triad jobs show --json for all of it) is stored with the job.'] : []),
  ].join('\n');
}

async function waitForEnd(store: JobStore, id: string): Promise<JobSummary> {
  const deadline = Date.now() + CANCEL_WAIT_MS;
  for (;;) {
    const job = store.summary(id);
    if (job.state !== 'queued' && job.state !== 'running') return job;
    if (!isProcessAlive(store.ownerPid(id))) {
      store.markInterrupted();
      return store.summary(id);
    }
    if (Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function cancelJob(project: Project, idOrPrefix: string): Promise<JobSummary> {
  const store = new JobStore(project.db);
  store.markInterrupted();
  const id = store.resolveId(idOrPrefix);
  const job = store.summary(id);
  if (job.state !== 'queued' && job.state !== 'running') return job;
  store.requestCancel(id);
  store.log(id, 'info', `cancel requested by triad jobs cancel (pid ${process.pid})`);
  return waitForEnd(store, id);
}

export function registerJobs(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('list, inspect and cancel the jobs of a project (started by the app or by triad commands)');
  jobs
    .command('list')
    .description('running and recent jobs, newest first')
    .option(
      '--state <state>',
      `only jobs in this state (repeatable: ${JOB_STATES.join(', ')})`,
      (value: string, previous: string[]) => collect(parseChoice(JOB_STATES)(value), previous),
      [] as string[],
    )
    .option('--limit <n>', 'at most this many jobs', parsePositiveCount, 20)
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: ListOptions) => {
      try {
        const list = await withProject(options, (project) => {
          const store = new JobStore(project.db);
          store.markInterrupted();
          return store.list({ states: options.state, limit: options.limit });
        });
        printResult(options, list, () => describeJobList(list));
      } catch (error) {
        exitWithError(options, error);
      }
    });
  jobs
    .command('show')
    .description('one job: its parameters, state, progress, log and result')
    .argument('<id>', 'the job id, or a unique start of it')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (id: string, options: OutputOptions & ProjectOptions) => {
      try {
        const job = await withProject(options, (project) => {
          const store = new JobStore(project.db);
          store.markInterrupted();
          return store.get(store.resolveId(id));
        });
        printResult(options, job, () => describeJob(job));
      } catch (error) {
        exitWithError(options, error);
      }
    });
  jobs
    .command('cancel')
    .description('cancel a queued or running job, in this terminal or another, or in the app')
    .argument('<id>', 'the job id, or a unique start of it')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (id: string, options: OutputOptions & ProjectOptions) => {
      try {
        const job = await withProject(options, (project) => cancelJob(project, id));
        printResult(options, job, () =>
          job.state === 'cancelled'
            ? `Cancelled: ${job.title}`
            : job.state === 'queued' || job.state === 'running'
              ? `Asked the process running it to cancel ${job.title}; it has not stopped yet (triad jobs show ${shortId(job.id)})`
              : `${job.title} had already ended: ${job.state}`,
        );
        if (job.state !== 'cancelled') process.exitCode = 1;
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
