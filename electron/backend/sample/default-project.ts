import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultProjectDir } from '../app-data.js';
import type { Project } from '../db/project.js';
import { DATABASE_FILE, openProject } from '../db/project-folder.js';

export const DEFAULT_PROJECT_NAME = 'Flights sample';

/**
 * The embedded project every install has: made with sample data on first use, in the app-data folder.
 * The sample's importer and definitions parser load only then, so opening the project stays quick.
 */
export async function openOrCreateDefaultProject(appDataDir: string): Promise<Project> {
  const dir = defaultProjectDir(appDataDir);
  if (existsSync(join(dir, DATABASE_FILE))) return openProject(dir);
  const { createSampleProject } = await import('./sample-project.js');
  return createSampleProject(dir, DEFAULT_PROJECT_NAME);
}
