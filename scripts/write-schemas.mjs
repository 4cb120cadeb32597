// Regenerates the published JSON Schemas from the zod schemas they describe (run after npm run build).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureDefinitionsJsonSchema } from '../dist/shared/contract/feature-definitions-json-schema.js';

const target = join(import.meta.dirname, '..', 'docs', 'schemas', 'feature-definitions.schema.json');
writeFileSync(target, `${JSON.stringify(featureDefinitionsJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
