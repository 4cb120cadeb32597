import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import { formatCount } from '../../../shared/format.js';
import { DefinitionsError } from '../../backend/features/parse-definitions.js';
import { parsePipeline } from '../../backend/pipelines/parse-pipeline.js';
import { PIPELINES_FOLDER, projectPipelines } from '../../backend/pipelines/project-pipelines.js';
import { scheduleOverview } from '../../backend/pipelines/schedule-overview.js';
import { describeSchedules } from '../describe-schedules.js';
import { exitWithError, exitWithFileProblems, type OutputOptions, printResult } from '../output.js';
import { parsePositiveCount } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';

function readPipelineFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new TriadError(
      'not_found',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`,
    );
  }
}

export function registerPipelines(program: Command): void {
  const pipelines = program
    .command('pipelines')
    .description('list and check pipeline definitions (YAML), and show their schedules and triggers');
  pipelines
    .command('list')
    .description(`list a project's pipelines (${PIPELINES_FOLDER}/*.yaml in its folder), each checked`)
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: OutputOptions & ProjectOptions) => {
      try {
        const found = await withProject(options, (project) => projectPipelines(project.path));
        printResult(options, found, () =>
          found.length === 0
            ? `No pipelines: write one in ${PIPELINES_FOLDER}/NAME.yaml in the project folder (see docs/pipelines.md).`
            : found
                .map((pipeline) =>
                  pipeline.valid
                    ? `${pipeline.file}  ${pipeline.name}, ${formatCount(pipeline.steps, 'step')}`
                    : `${pipeline.file}  ${formatCount(pipeline.problems.length, 'problem')} (triad pipelines validate ${PIPELINES_FOLDER}/${pipeline.file})`,
                )
                .join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
  pipelines
    .command('schedules')
    .description(
      "each pipeline's schedule and next fire times, its triggers and what they last saw, and the recent history (missed runs stand out)",
    )
    .option('--pipeline <name>', 'only this pipeline (its name or file)')
    .option('--limit <n>', 'history entries per pipeline', parsePositiveCount, 10)
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: OutputOptions & ProjectOptions & { pipeline?: string; limit: number }) => {
      try {
        const overview = await withProject(options, (project) =>
          scheduleOverview(project.db, project.path, new Date(), { pipeline: options.pipeline, limit: options.limit }),
        );
        printResult(options, overview, () => describeSchedules(overview));
      } catch (error) {
        exitWithError(options, error);
      }
    });
  pipelines
    .command('validate')
    .description('check a pipeline file: its shape, parameters, references between steps and their order')
    .argument('<file>', 'the pipeline YAML file')
    .option('--json', 'print machine-readable JSON')
    .action((file: string, options: OutputOptions) => {
      try {
        const { pipeline, order, dependencies } = parsePipeline(readPipelineFile(file), basename(file));
        printResult(
          options,
          { name: pipeline.name, steps: order.map((name) => ({ name, after: dependencies.get(name) ?? [] })) },
          () =>
            [
              `${basename(file)}: pipeline ${pipeline.name} is valid, ${formatCount(order.length, 'step')} in this order:`,
              ...order.map((name) => {
                const after = dependencies.get(name) ?? [];
                return `  ${name}${after.length > 0 ? ` (after ${after.join(', ')})` : ''}`;
              }),
            ].join('\n'),
        );
      } catch (error) {
        if (error instanceof DefinitionsError) exitWithFileProblems(options, error);
        exitWithError(options, error);
      }
    });
}
