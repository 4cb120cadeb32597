import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleManifestJsonSchema } from './bundle-manifest.js';

describe('the published JSON Schema for bundle manifests', () => {
  it('is current (regenerate with npm run build && node scripts/write-schemas.mjs)', () => {
    const published = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'schemas', 'bundle-manifest.schema.json'), 'utf8'),
    );
    expect(published).toEqual(bundleManifestJsonSchema());
  });

  it('requires every field and refuses unknown ones', () => {
    const schema = bundleManifestJsonSchema() as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual([
      'format',
      'formatVersion',
      'appVersion',
      'author',
      'createdAt',
      'contentHash',
      'contents',
      'entries',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });
});
