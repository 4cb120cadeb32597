import type { Command } from 'commander';
import { describeCheckResults } from '../describe-checks.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('run the quality checks of a table or feature view (default: all), and store the results')
    .argument('[target]', 'a table or feature view')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (target: string | undefined, options: OutputOptions & ProjectOptions) => {
      try {
        const results = await withProject(options, (project) =>
          runJobFromCli(project, 'quality-run', { target: target ?? null }, options),
        );
        printResult(options, results, () =>
          results.length === 0
            ? `No quality checks are defined${target ? ` for ${target}` : ''}: add them under quality_checks in a definitions file.`
            : describeCheckResults(results),
        );
        if (results.some((result) => result.status !== 'passed')) process.exitCode = 1;
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
