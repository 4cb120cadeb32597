import type { ProjectInfo } from '../../shared/contract/schemas.js';
import { defaultProjectDir, resolveAppDataDir } from '../backend/app-data.js';
import type { Project } from '../backend/db/project.js';
import { openProject } from '../backend/db/project-folder.js';
import { openOrCreateDefaultProject } from '../backend/sample/default-project.js';

export const PROJECT_OPTION = ['--project <dir>', 'project folder (default: the embedded default project)'] as const;

export interface ProjectOptions {
  project?: string;
}

/** How a command came to use its project: named with --project, the embedded default, or the one the app last had open. */
export type ProjectChoice = 'option' | 'default' | 'last-opened';

const CHOICE_TEXT: Record<Exclude<ProjectChoice, 'option'>, string> = {
  default: 'the default project',
  'last-opened': 'the project the app last had open',
};

/** The stderr line naming the project a command used; without --project it says so, and how to pick another. */
export function describeProjectChoice(project: Pick<ProjectInfo, 'name' | 'path'>, choice: ProjectChoice): string {
  const named = `Project: ${project.name} (${project.path})`;
  return choice === 'option' ? named : `${named}, ${CHOICE_TEXT[choice]} — pass --project DIR to use another`;
}

/** The project a command works on: --project DIR, else the embedded default project. */
export async function openProjectOption(dir: string | undefined): Promise<Project> {
  return dir ? openProject(dir) : openOrCreateDefaultProject(resolveAppDataDir());
}

export function describeProject(project: Project): ProjectInfo {
  return project.info(project.path === defaultProjectDir(resolveAppDataDir()));
}

/**
 * Opens the project of --project (else the default), names it on stderr so a command never works
 * on a project the user did not expect without saying so, runs `work` on it, and closes it however
 * `work` ends. stdout is left to the command's result.
 */
export async function withProject<T>(options: ProjectOptions, work: (project: Project) => T | Promise<T>): Promise<T> {
  const project = await openProjectOption(options.project);
  try {
    const info = describeProject(project);
    process.stderr.write(`${describeProjectChoice(info, options.project ? 'option' : 'default')}\n`);
    return await work(project);
  } finally {
    project.close();
  }
}
