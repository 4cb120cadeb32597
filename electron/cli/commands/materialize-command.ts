import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { MaterializeProgress } from '../../../shared/contract/schemas.js';
import { formatCount } from '../../../shared/format.js';
import { unreadableTimeWarning } from '../../../shared/skipped-rows.js';
import { type MaterializeWindow, materialize, onlineViews } from '../../backend/features/materialize.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect } from '../parse-options.js';
import { parseTime } from '../parse-time.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';

interface MaterializeOptions extends OutputOptions, ProjectOptions {
  view: string[];
  start?: number;
  end?: number;
  incremental?: boolean;
}

const iso = (ms: number | null) => (ms === null ? 'the beginning' : new Date(ms).toISOString());

const STAGE_TEXT = {
  checking: 'running quality checks',
  selecting: 'selecting the latest row per entity',
  writing: 'writing',
} as const;

/** One line per stage on the terminal, the writing line counting up in place. */
function describeProgress(progress: MaterializeProgress): void {
  const prefix = `[${progress.viewIndex + 1}/${progress.viewCount}] ${progress.view}: ${STAGE_TEXT[progress.stage]}`;
  if (progress.stage !== 'writing') {
    process.stderr.write(`${prefix}…\n`);
    return;
  }
  const done = progress.entitiesWritten === progress.entitiesToWrite;
  process.stderr.write(
    `\r${prefix} ${progress.entitiesWritten.toLocaleString('en-US')} of ${formatCount(progress.entitiesToWrite ?? 0, 'entity', 'entities')}${done ? '\n' : ''}`,
  );
}

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
        const results = await withProject(options, (project) => {
          const views = options.view.length > 0 ? options.view : onlineViews(project.db);
          const end = options.end ?? Date.now();
          const range: MaterializeWindow =
            options.start === undefined ? { incremental: true, endMs: end } : { startMs: options.start, endMs: end };
          return materialize(
            project.db,
            views,
            () => range,
            !options.json && process.stderr.isTTY ? describeProgress : undefined,
          );
        });
        printResult(options, results, () =>
          results
            .flatMap((result) => [
              `${result.view}: ${formatCount(result.rowsWritten, 'entity', 'entities')} updated from ${iso(result.startMs)} to ${iso(result.endMs)} in ${result.durationMs} ms`,
              ...(result.rowsSkipped > 0 ? [`warning: ${unreadableTimeWarning(result.view, result.rowsSkipped)}`] : []),
            ])
            .join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
