import type { Command } from 'commander';
import { runQualityChecks } from '../../backend/quality/quality-checks.js';
import { describeCheckResults } from '../describe-checks.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { openProjectOption, PROJECT_OPTION } from '../project-option.js';

interface CheckOptions extends OutputOptions {
  project?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('run the quality checks of a table or feature view (default: all), and store the results')
    .argument('[target]', 'a table or feature view')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (target: string | undefined, options: CheckOptions) => {
      try {
        const project = await openProjectOption(options.project);
        try {
          const results = runQualityChecks(project.db, target ?? null, 'triad check');
          printResult(options, results, () =>
            results.length === 0
              ? `No quality checks are defined${target ? ` for ${target}` : ''}: add them under quality_checks in a definitions file.`
              : describeCheckResults(results),
          );
          if (results.some((result) => result.status !== 'passed')) process.exitCode = 1;
        } finally {
          project.close();
        }
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
