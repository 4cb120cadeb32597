// Regenerates the published JSON Schemas from the zod schemas they describe (run after npm run build).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleManifestJsonSchema } from '../dist/shared/contract/bundle-manifest.js';
import { featureDefinitionsJsonSchema } from '../dist/shared/contract/feature-definitions-json-schema.js';
import { pipelineJsonSchema } from '../dist/shared/contract/pipeline-json-schema.js';

for (const [file, schema] of [
  ['feature-definitions.schema.json', featureDefinitionsJsonSchema()],
  ['pipeline.schema.json', pipelineJsonSchema()],
  ['bundle-manifest.schema.json', bundleManifestJsonSchema()],
]) {
  const target = join(import.meta.dirname, '..', 'docs', 'schemas', file);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target}`);
}
