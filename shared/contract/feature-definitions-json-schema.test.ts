import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureDefinitionsJsonSchema } from './feature-definitions-json-schema.js';

describe('the published JSON Schema for definitions files', () => {
  it('is current (regenerate with npm run build && node scripts/write-schemas.mjs)', () => {
    const published = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'schemas', 'feature-definitions.schema.json'), 'utf8'),
    );
    expect(published).toEqual(featureDefinitionsJsonSchema());
  });

  it('describes the four sections and refuses unknown keys', () => {
    const schema = featureDefinitionsJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual(['entities', 'feature_views', 'feature_services', 'quality_checks']);
    expect(schema.additionalProperties).toBe(false);
  });
});
