import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TriadError } from '../../../shared/contract/errors.js';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import { parsePipeline } from './parse-pipeline.js';

/** A project keeps its pipelines here, one YAML file each. */
export const PIPELINES_FOLDER = 'pipelines';

export type ProjectPipeline =
  | { file: string; valid: true; name: string; steps: number }
  | { file: string; valid: false; problems: DefinitionProblem[] };

/** Every pipeline file of a project (pipelines/*.yaml or *.yml, by file name), each checked. */
export function projectPipelines(projectPath: string): ProjectPipeline[] {
  const folder = join(projectPath, PIPELINES_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.ya?ml$/i.test(file))
    .sort()
    .map((file): ProjectPipeline => {
      try {
        const { pipeline } = parsePipeline(readFileSync(join(folder, file), 'utf8'), file);
        return { file, valid: true, name: pipeline.name, steps: pipeline.steps.length };
      } catch (error) {
        if (error instanceof DefinitionsError) return { file, valid: false, problems: error.problems };
        return {
          file,
          valid: false,
          problems: [{ line: null, message: `cannot read it: ${(error as Error).message}` }],
        };
      }
    });
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
