import type { Command } from 'commander';
import { createProject } from '../../backend/project/project-folder.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { describeProject } from '../project-option.js';

interface InitOptions extends OutputOptions {
  name?: string;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new project in DIR (a new or empty folder)')
    .argument('<dir>', 'folder for the new project')
    .option('--name <name>', 'project name (default: the folder name)')
    .option('--json', 'print machine-readable JSON')
    .action((dir: string, options: InitOptions) => {
      try {
        const project = createProject(dir, options.name);
        const info = describeProject(project);
        project.close();
        printResult(options, info, () => `Created project "${info.name}" in ${info.path}`);
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
