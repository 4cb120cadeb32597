import { z } from 'zod';
import { FeatureDefinitions } from './feature-definitions.js';

/** The JSON Schema editors use to check and complete a definitions file. */
export function featureDefinitionsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(FeatureDefinitions, { io: 'input' }),
    $id: 'https://triad.dev/schemas/feature-definitions.schema.json',
    title: 'Triad feature definitions',
    description: 'Entities, feature views and feature services, as applied by `triad apply`.',
  };
}
