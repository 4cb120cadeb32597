import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import { formatCount } from '../../../shared/format.js';
import { unreadableTimeWarning } from '../../../shared/skipped-rows.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect } from '../parse-options.js';
import { parseTime } from '../parse-time.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';

interface MaterializeOptions extends OutputOptions, ProjectOptions {
  view: string[];
  start?: number;
  end?: number;
  incremental?: boolean;
}

const iso = (ms: number | null) => (ms === null ? 'the beginning' : new Date(ms).toISOString());

export function registerMaterialize(program: Command): void {
  program
    .command('materialize')
    .description('load the latest feature values per entity into the online store')
    .option('--view <name>', 'only this feature view (repeatable; default: every view with online: true)', collect, [])
    .option('--start <time>', 'window start (ISO-8601, inclusive)', parseTime)
    .option('--end <time>', 'window end (ISO-8601 or now, exclusive; default now)', parseTime)
    .option('--incremental', 'from the latest event time earlier runs of each view read (the default without --start)')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: MaterializeOptions) => {
      try {
        if (options.incremental && options.start !== undefined)
          throw new TriadError('invalid_input', 'use --start or --incremental, not both');
        const results = await withProject(options, (project) =>
          runJobFromCli(
            project,
            'materialize',
            {
              views: options.view.length > 0 ? options.view : null,
              startMs: options.start ?? null,
              endMs: options.end ?? Date.now(),
            },
            options,
          ),
        );
        printResult(options, results, () =>
          results
            .flatMap((result) => [
              `${result.view}: ${formatCount(result.rowsWritten, 'entity', 'entities')} updated from ${iso(result.startMs)} to ${iso(result.endMs)}`,
              ...(result.rowsSkipped > 0 ? [`warning: ${unreadableTimeWarning(result.view, result.rowsSkipped)}`] : []),
            ])
            .join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
