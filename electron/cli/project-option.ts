import type { ProjectInfo } from '../../shared/contract/schemas.js';
import { defaultProjectDir, resolveAppDataDir } from '../backend/app-data.js';
import type { Project } from '../backend/project/project.js';
import { openProject } from '../backend/project/project-folder.js';
import { openOrCreateDefaultProject } from '../backend/sample/default-project.js';

export const PROJECT_OPTION = ['--project <dir>', 'project folder (default: the embedded default project)'] as const;

/** The project a command works on: --project DIR, else the embedded default project. */
export async function openProjectOption(dir: string | undefined): Promise<Project> {
  return dir ? openProject(dir) : openOrCreateDefaultProject(resolveAppDataDir());
}

export function describeProject(project: Project): ProjectInfo {
  return project.info(project.path === defaultProjectDir(resolveAppDataDir()));
}
