import type { Command } from 'commander';
import { createProject } from '../../backend/db/project-folder.js';
import { createSampleProject } from '../../backend/sample/sample-project.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { describeProject } from '../project-option.js';

interface InitOptions extends OutputOptions {
  name?: string;
  sample?: boolean;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new project in DIR (a new or empty folder)')
    .argument('<dir>', 'folder for the new project')
    .option('--name <name>', 'project name (default: the folder name)')
    .option(
      '--sample',
      'fill it with the flights sample: data, feature definitions, checks, online store and a training set',
    )
    .option('--json', 'print machine-readable JSON')
    .action(async (dir: string, options: InitOptions) => {
      try {
        const project = options.sample
          ? await createSampleProject(dir, options.name)
          : createProject(dir, options.name);
        const info = describeProject(project);
        project.close();
        printResult(
          options,
          info,
          () => `Created project "${info.name}" in ${info.path}${options.sample ? ' with the flights sample' : ''}`,
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
