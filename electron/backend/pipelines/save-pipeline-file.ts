import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import { PIPELINES_FOLDER } from './project-pipelines.js';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}\.ya?ml$/i;

/** A file name for pipelines/: the name given, with .yaml added when it has no YAML extension. */
export function pipelineFileName(name: string): string {
  const file = /\.ya?ml$/i.test(name) ? name : `${name}.yaml`;
  if (!FILE_NAME.test(file) || file.includes('..'))
    throw new TriadError(
      'invalid_input',
      `${JSON.stringify(name)} cannot name a pipeline file: use letters, digits, '_', '-' and '.', e.g. churn_model.yaml`,
    );
  return file;
}

/**
 * Writes a pipeline's text into the project's pipelines folder, whole or not at all (a reader never
 * sees half a file). `create` refuses to replace a file that is there.
 */
export function savePipelineFile(projectPath: string, name: string, text: string, create: boolean): string {
  const file = pipelineFileName(name);
  const folder = join(projectPath, PIPELINES_FOLDER);
  const path = join(folder, file);
  if (create && existsSync(path))
    throw new TriadError('already_exists', `${PIPELINES_FOLDER}/${file} is there already: choose another name`);
  mkdirSync(folder, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return file;
}
