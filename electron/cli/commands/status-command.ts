import type { Command } from 'commander';
import { formatBytes, formatCount } from '../../../shared/format.js';
import { readProjectFacts } from '../../backend/db/project-facts.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { describeProject, PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show a project's facts: tables, feature views, runs, models, sizes")
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: OutputOptions & ProjectOptions) => {
      try {
        const result = await withProject(options, (project) => ({
          project: describeProject(project),
          facts: readProjectFacts(project),
        }));
        const { facts } = result;
        printResult(options, result, () =>
          [
            `Project "${result.project.name}" (${result.project.path})`,
            `  schema version  ${facts.schemaVersion}`,
            `  tables          ${facts.tables.length}${facts.tables.map((t) => `\n    ${t.name} (${formatCount(t.rows, 'row')})`).join('')}`,
            `  feature views   ${facts.featureViews}`,
            `  feature services ${facts.featureServices}`,
            `  runs            ${facts.runs}`,
            `  models          ${facts.models}`,
            `  training sets   ${facts.trainingSets}`,
            `  quality checks  ${facts.checks.total} (${facts.checks.failing} failing when last run)`,
            `  database        ${formatBytes(facts.databaseBytes)}`,
            `  artifacts       ${formatCount(facts.artifactCount, 'file')}, ${formatBytes(facts.artifactsBytes)}`,
          ].join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
