import { z } from 'zod';
import { PipelineDefinition } from './pipeline-definition.js';

/** The JSON Schema editors use to check and complete a pipeline file. */
export function pipelineJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PipelineDefinition, { io: 'input' }),
    $id: 'https://triad.dev/schemas/pipeline.schema.json',
    title: 'Triad pipeline',
    description: 'Typed parameters, and named steps that take each other’s outputs, forming a DAG.',
  };
}
