import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultProjectDir } from '../app-data.js';
import type { Project } from '../db/project.js';
import { DATABASE_FILE, openProject } from '../db/project-folder.js';
import { createSampleProject } from './sample-project.js';

export const DEFAULT_PROJECT_NAME = 'Flights sample';

/** The embedded project every install has: made with sample data on first use, in the app-data folder. */
export async function openOrCreateDefaultProject(appDataDir: string): Promise<Project> {
  const dir = defaultProjectDir(appDataDir);
  return existsSync(join(dir, DATABASE_FILE)) ? openProject(dir) : createSampleProject(dir, DEFAULT_PROJECT_NAME);
}
