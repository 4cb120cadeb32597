import type { PipelineOutline } from '../../../shared/contract/pipeline-runs.js';
import { DefinitionsError } from '../features/parse-definitions.js';
import { parsePipeline } from './parse-pipeline.js';

/** A pipeline text checked whole: its steps and parameters when it is valid, else its problems with their lines. */
export function pipelineOutline(text: string, file: string): PipelineOutline {
  try {
    const { pipeline, dependencies } = parsePipeline(text, file);
    return {
      name: pipeline.name,
      description: pipeline.description,
      parameters: Object.entries(pipeline.parameters).map(([name, parameter]) => ({
        name,
        type: parameter.type,
        default: parameter.default ?? null,
        description: parameter.description,
      })),
      steps: pipeline.steps.map((step) => ({
        name: step.name,
        kind: step.kind,
        description: step.description,
        waitsFor: dependencies.get(step.name) ?? [],
      })),
      problems: [],
    };
  } catch (error) {
    if (!(error instanceof DefinitionsError)) throw error;
    return { name: '', description: '', parameters: [], steps: [], problems: error.problems };
  }
}
