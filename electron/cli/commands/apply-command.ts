import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { DefinitionChange } from '../../../shared/contract/schemas.js';
import { formatCount } from '../../../shared/format.js';
import { UnconfirmedDeletionsError } from '../../backend/features/apply-definitions.js';
import { DefinitionsError } from '../../backend/features/parse-definitions.js';
import { applyDefinitionsText } from '../../backend/use-cases/apply-definitions-text.js';
import { exitWithError, exitWithFileProblems, type OutputOptions, printResult } from '../output.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';

interface ApplyOptions extends OutputOptions, ProjectOptions {
  dryRun?: boolean;
  yes?: boolean;
}

const MARK: Record<DefinitionChange['action'], string> = { create: '+', update: '~', delete: '-', unchanged: ' ' };

export function describeChanges(changes: DefinitionChange[], dryRun: boolean): string {
  const changed = changes.filter((change) => change.action !== 'unchanged');
  const lines = changes.map(
    (change) =>
      `  ${MARK[change.action]} ${change.kind} ${change.name}${change.action === 'unchanged' ? ' (unchanged)' : ''}`,
  );
  const verdict =
    changed.length === 0
      ? 'Nothing to change.'
      : dryRun
        ? `${formatCount(changed.length, 'change')} would be applied (dry run: nothing was written).`
        : `Applied ${formatCount(changed.length, 'change')}.`;
  return [...lines, verdict].join('\n');
}

/** Why an apply that would delete objects stopped, and how to let it. */
export function describeRefusedDeletions(deletions: DefinitionChange[]): string {
  return [
    `applying would delete ${formatCount(deletions.length, 'object')}, so nothing was applied:`,
    ...deletions.map((change) => `  ${MARK.delete} ${change.kind} ${change.name}`),
    'Check the list (a feature view goes with its online table and materialization history), then run again with --yes to delete them.',
  ].join('\n');
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description(
      'validate a definitions file (entities, feature views, feature services), show the changes, and apply them',
    )
    .argument('<file>', 'definitions YAML (see docs/feature-definitions.md)')
    .option(...PROJECT_OPTION)
    .option('--dry-run', 'show the changes without applying them')
    .option('--yes', 'also delete the objects the file no longer defines (refused without it)')
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: ApplyOptions) => {
      try {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          throw new TriadError(
            'not_found',
            `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`,
          );
        }
        const outcome = await withProject(options, (project) =>
          applyDefinitionsText(project.db, {
            yaml: text,
            source: basename(file),
            dryRun: options.dryRun ?? false,
            confirmedDeletions: options.yes ? 'all' : [],
          }),
        );
        printResult(options, outcome, () => describeChanges(outcome.changes, options.dryRun ?? false));
      } catch (error) {
        if (error instanceof DefinitionsError)
          exitWithFileProblems(options, error, options.dryRun ? '' : '; nothing was applied');
        if (error instanceof UnconfirmedDeletionsError) {
          if (options.json)
            process.stdout.write(`${JSON.stringify({ error: { ...error.toBody(), deletions: error.deletions } })}\n`);
          process.stderr.write(`triad: ${describeRefusedDeletions(error.deletions)}\n`);
          process.exit(1);
        }
        exitWithError(options, error);
      }
    });
}
