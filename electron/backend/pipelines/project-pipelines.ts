import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import { type ParsedPipeline, parsePipeline } from './parse-pipeline.js';

/** A project keeps its pipelines here, one YAML file each. */
export const PIPELINES_FOLDER = 'pipelines';

export type ProjectPipeline =
  | { file: string; valid: true; name: string; steps: number }
  | { file: string; valid: false; problems: DefinitionProblem[] };

/** A pipeline file of the project with its text, read and checked whole. */
export type CheckedPipelineFile =
  | { file: string; text: string; valid: true; parsed: ParsedPipeline }
  | { file: string; text: string; valid: false; problems: DefinitionProblem[] };

function checkedPipelineFile(folder: string, file: string): CheckedPipelineFile {
  let text = '';
  try {
    text = readFileSync(join(folder, file), 'utf8');
    return { file, text, valid: true, parsed: parsePipeline(text, file) };
  } catch (error) {
    if (error instanceof DefinitionsError) return { file, text, valid: false, problems: error.problems };
    return {
      file,
      text,
      valid: false,
      problems: [{ line: null, message: `cannot read it: ${(error as Error).message}` }],
    };
  }
}

/** Every pipeline file of a project (pipelines/*.yaml or *.yml, by file name), each read and checked. */
export function checkedPipelineFiles(projectPath: string): CheckedPipelineFile[] {
  const folder = join(projectPath, PIPELINES_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.ya?ml$/i.test(file))
    .sort()
    .map((file) => checkedPipelineFile(folder, file));
}

/** Every pipeline file of a project, each checked: its pipeline's name and step count, or its problems. */
export function projectPipelines(projectPath: string): ProjectPipeline[] {
  return checkedPipelineFiles(projectPath).map(
    (checked): ProjectPipeline =>
      checked.valid
        ? {
            file: checked.file,
            valid: true,
            name: checked.parsed.pipeline.name,
            steps: checked.parsed.pipeline.steps.length,
          }
        : { file: checked.file, valid: false, problems: checked.problems },
  );
}

/** A pipeline of the project by its name, its file name or its file name without .yaml: its file and text. */
export function findProjectPipeline(projectPath: string, pipeline: string): { file: string; text: string } {
  const found = projectPipelines(projectPath);
  const match = found.find(
    (entry) =>
      entry.file === pipeline ||
      entry.file.replace(/\.ya?ml$/i, '') === pipeline ||
      (entry.valid && entry.name === pipeline),
  );
  if (!match)
    throw new TriadError(
      'not_found',
      `no pipeline ${pipeline} in ${PIPELINES_FOLDER}/ of the project${found.length > 0 ? ` (its pipelines: ${found.map((entry) => (entry.valid ? entry.name : entry.file)).join(', ')})` : ''}`,
    );
  return { file: match.file, text: readFileSync(join(projectPath, PIPELINES_FOLDER, match.file), 'utf8') };
}
