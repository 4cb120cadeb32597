import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { PipelineRun } from '../../../shared/contract/pipeline-runs.js';
import { EventBus } from '../../backend/contract/event-bus.js';
import type { Project } from '../../backend/db/project.js';
import { DefinitionsError } from '../../backend/features/parse-definitions.js';
import { JobManager } from '../../backend/jobs/job-manager.js';
import { JobStore } from '../../backend/jobs/job-store.js';
import { PipelineRunner, type PipelineRunRequest } from '../../backend/jobs/pipeline-runner.js';
import { WorkerPool } from '../../backend/jobs/worker-pool.js';
import { findProjectPipeline, PIPELINES_FOLDER } from '../../backend/pipelines/project-pipelines.js';
import { PipelineRunStore } from '../../backend/pipelines/run-store.js';
import { describeRun, stepDetail } from '../describe-run.js';
import { exitWithError, exitWithFileProblems, type OutputOptions, printResult } from '../output.js';
import { collect, parseParams } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';

/**
 * A pipeline named by its file (a path, from here or from the project folder, or a file in the
 * project's pipelines folder) or by its name.
 */
function findPipeline(project: Project, pipeline: string): { file: string; text: string } {
  for (const path of [pipeline, join(project.path, pipeline)])
    if (/\.ya?ml$/i.test(path) && existsSync(path)) return { file: basename(path), text: readFileSync(path, 'utf8') };
  try {
    return findProjectPipeline(project.path, pipeline);
  } catch (error) {
    if (error instanceof TriadError && error.code === 'not_found')
      throw new TriadError('not_found', `${error.message}, and no such file`);
    throw error;
  }
}

/**
 * Runs a pipeline from the command line as the app would: its steps as jobs on a worker pool of
 * this process, each step's change on stderr; Ctrl+C cancels the run, a second one stops at once.
 */
export async function runFromCli(
  project: Project,
  request: PipelineRunRequest,
  options: OutputOptions,
): Promise<PipelineRun> {
  const pool = new WorkerPool(availableParallelism());
  const jobs = new JobManager(pool, new EventBus(), 'cli');
  new JobStore(project.db).markInterrupted();
  new PipelineRunStore(project.db).markInterrupted();
  const runner = new PipelineRunner(jobs);
  let runId: string | null = null;
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nCancelling the run… (Ctrl+C again to stop at once)\n');
    if (runId) runner.cancel(runId);
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await runner.run(project, request, {
      onStep: (step, run) => {
        if (runId === null) {
          runId = run.id;
          if (!options.json) process.stderr.write(`Run ${run.id} of ${run.pipeline} (Ctrl+C cancels it)\n`);
        }
        if (options.json) return;
        const detail = stepDetail(step);
        process.stderr.write(
          `  ${step.step}: ${step.state === 'running' && step.attempts > 1 ? `running (try ${step.attempts})` : step.state}${step.state !== 'running' && detail ? ` — ${detail}` : ''}\n`,
        );
      },
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    await pool.close();
  }
}

export function endWith(run: PipelineRun): void {
  if (run.state === 'cancelled') process.exitCode = 130;
  else if (run.state !== 'succeeded') process.exitCode = 1;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a pipeline: its steps as jobs, reusing the outputs of unchanged steps')
    .argument('<pipeline>', `a pipeline's name or file in the project's ${PIPELINES_FOLDER}/ folder, or a YAML file`)
    .option('--param <name=value>', 'a pipeline parameter (repeatable)', collect, [])
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (pipeline: string, options: OutputOptions & ProjectOptions & { param: string[] }) => {
      try {
        const run = await withProject(options, (project) => {
          const { file, text } = findPipeline(project, pipeline);
          return runFromCli(project, { file, text, params: parseParams(options.param), reason: 'manual' }, options);
        });
        printResult(options, run, () => describeRun(run));
        endWith(run);
      } catch (error) {
        if (error instanceof DefinitionsError) exitWithFileProblems(options, error);
        exitWithError(options, error);
      }
    });
}
