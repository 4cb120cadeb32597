import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { elapsed } from '../../../shared/format.js';
import type { Project } from '../../backend/db/project.js';
import { JobStore } from '../../backend/jobs/job-store.js';
import { PipelineRunStore } from '../../backend/pipelines/run-store.js';
import { describeRun } from '../describe-run.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { parsePositiveCount } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { shortId, textTable } from '../text-table.js';
import { endWith, runFromCli } from './run-command.js';

export function describeRunList(runs: readonly PipelineRun[]): string {
  if (runs.length === 0) return 'No pipeline runs yet: start one with triad run PIPELINE.';
  return textTable(
    ['ID', 'PIPELINE', 'STATE', 'STARTED (UTC)', 'TIME', 'STEPS', 'WHY'],
    runs.map((run) => [
      shortId(run.id),
      run.pipeline,
      run.state,
      run.startedAt.replace('T', ' ').slice(0, 19),
      elapsed(run.startedAt, run.finishedAt),
      `${run.steps.filter((step) => step.state === 'succeeded' || step.state === 'cached').length}/${run.steps.length} done`,
      run.reason,
    ]),
  );
}

/** The run `id` names (or starts), runs whose process died marked interrupted first. */
function findRun(project: Project, id: string): PipelineRun {
  const store = new PipelineRunStore(project.db);
  store.markInterrupted();
  return store.get(store.resolveId(id));
}

/** A `triad runs` subcommand that takes a run, with the project and JSON options. */
function runCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .argument('<run>', 'the run id, or a unique start of it')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON');
}

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('list, inspect, cancel and resume pipeline runs');
  runs
    .command('list')
    .description('pipeline runs, newest first')
    .option('--pipeline <name>', 'only the runs of this pipeline')
    .option('--limit <n>', 'at most this many runs', parsePositiveCount, 20)
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: OutputOptions & ProjectOptions & { pipeline?: string; limit: number }) => {
      try {
        const list = await withProject(options, (project) => {
          const store = new PipelineRunStore(project.db);
          store.markInterrupted();
          return store.list(options.pipeline ?? null, options.limit);
        });
        printResult(options, list, () => describeRunList(list));
      } catch (error) {
        exitWithError(options, error);
      }
    });
  runCommand(
    runs,
    'show',
    "one run: its parameters, and each step's state, tries, time, outputs, metrics or error",
  ).action(async (id: string, options: OutputOptions & ProjectOptions) => {
    try {
      const run = await withProject(options, (project) => findRun(project, id));
      printResult(options, run, () => describeRun(run));
    } catch (error) {
      exitWithError(options, error);
    }
  });
  runCommand(runs, 'logs', "the log of each step of a run (its job's log), in the order the steps run")
    .option('--step <name>', 'only this step')
    .action(async (id: string, options: OutputOptions & ProjectOptions & { step?: string }) => {
      try {
        const logs = await withProject(options, (project) => {
          const run = findRun(project, id);
          const steps = run.steps.filter((step) => options.step === undefined || step.step === options.step);
          if (steps.length === 0)
            throw new TriadError(
              'not_found',
              `run ${shortId(run.id)} has no step ${options.step} (its steps: ${run.steps.map((step) => step.step).join(', ')})`,
            );
          const jobs = new JobStore(project.db);
          return steps.map((step) => ({
            step: step.step,
            state: step.state,
            log: step.jobId ? jobs.get(step.jobId).log : [],
          }));
        });
        printResult(options, logs, () =>
          logs
            .flatMap(({ step, state, log }) => [
              `${step} (${state})`,
              ...(log.length === 0
                ? ['  (no log: the step did not run here)']
                : log.map((entry) => `  ${entry.at.slice(11, 19)} ${entry.level.padEnd(7)} ${entry.message}`)),
            ])
            .join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
  runCommand(
    runs,
    'cancel',
    'cancel a running run, in this terminal or another, or in the app: its running steps stop',
  ).action(async (id: string, options: OutputOptions & ProjectOptions) => {
    try {
      const run = await withProject(options, (project) => {
        const found = findRun(project, id);
        if (found.state !== 'running') return found;
        // The process running it cancels a step whose job is asked to stop, and with it the run.
        const jobs = new JobStore(project.db);
        for (const step of found.steps)
          if (step.state === 'running' && step.jobId) {
            jobs.requestCancel(step.jobId);
            jobs.log(step.jobId, 'info', `cancel requested by triad runs cancel (pid ${process.pid})`);
          }
        return found;
      });
      printResult(options, run, () =>
        run.state === 'running'
          ? `Asked the process running ${shortId(run.id)} to cancel it (triad runs show ${shortId(run.id)})`
          : `Run ${shortId(run.id)} had already ended: ${run.state}`,
      );
      if (run.state !== 'running') process.exitCode = 1;
    } catch (error) {
      exitWithError(options, error);
    }
  });
  runCommand(
    runs,
    'resume',
    'go on with a failed, cancelled or interrupted run: the steps that succeeded are reused',
  ).action(async (id: string, options: OutputOptions & ProjectOptions) => {
    try {
      const run = await withProject(options, (project) => {
        const earlier = findRun(project, id);
        return runFromCli(
          project,
          { file: earlier.file, text: earlier.definition, params: {}, reason: 'resume', resumeFrom: earlier },
          options,
        );
      });
      printResult(options, run, () => describeRun(run));
      endWith(run);
    } catch (error) {
      exitWithError(options, error);
    }
  });
}
