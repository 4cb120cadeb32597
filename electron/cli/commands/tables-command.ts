import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import { describeDependents, refusalReason } from '../../../shared/table-dependents.js';
import { dropTable } from '../../backend/use-cases/drop-table.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';

interface DropOptions extends OutputOptions, ProjectOptions {
  force?: boolean;
}

export function registerTables(program: Command): void {
  const tables = program.command('tables').description("manage a project's data tables");
  tables
    .command('drop')
    .description('drop a data table and its catalog entries (refused while feature views or checks read it)')
    .argument('<name>', 'the table')
    .option(
      '--force',
      'drop it even though feature views or quality checks read it (they are kept, and fail until it exists again)',
    )
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (name: string, options: DropOptions) => {
      try {
        const outcome = await withProject(options, (project) => dropTable(project.db, name, options.force === true));
        if (!outcome.dropped)
          throw new TriadError(
            'invalid_input',
            `${refusalReason(outcome)}: change the definitions (triad apply) first, or use --force to drop it anyway and leave them failing until a table named ${outcome.table} exists again`,
          );
        const left = describeDependents(outcome.dependents);
        printResult(options, { table: outcome.table, leftBehind: outcome.dependents }, () =>
          [`Dropped table ${outcome.table}`, ...(left ? [`Still naming it (kept): ${left}`] : [])].join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
