import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineJsonSchema } from './pipeline-json-schema.js';

describe('the published JSON Schema for pipeline files', () => {
  it('is current (regenerate with npm run build && node scripts/write-schemas.mjs)', () => {
    const published = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'schemas', 'pipeline.schema.json'), 'utf8'),
    );
    expect(published).toEqual(pipelineJsonSchema());
  });

  it('describes the name, parameters, schedule, triggers and steps, and refuses unknown keys', () => {
    const schema = pipelineJsonSchema() as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'description',
      'parameters',
      'schedule',
      'triggers',
      'steps',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });
});
