import { z } from 'zod';

const Name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'use letters, digits and underscores, starting with a letter or underscore');

/** A duration: seconds as a number, or text like 90s, 30m, 12h, 7d, 2w. 0 means no limit. */
export const Duration = z.union([
  z.number().int().min(0),
  z.string().regex(/^\d+\s*[smhdw]$/, 'a duration like 90s, 30m, 12h, 7d or 2w'),
]);

export const EntityDefinition = z
  .object({
    name: Name,
    join_keys: z.array(z.string().min(1)).min(1, 'an entity needs at least one join key'),
    description: z.string().default(''),
  })
  .strict();

export const FeatureViewDefinition = z
  .object({
    name: Name,
    entities: z.array(Name).min(1, 'a feature view needs at least one entity'),
    source: z.string().min(1, 'the source is the SQL that selects the features'),
    timestamp_field: z.string().min(1),
    created_timestamp_column: z.string().min(1).optional(),
    ttl: Duration.default(0),
    features: z.array(z.string().min(1)).optional(),
    online: z.boolean().default(true),
    owner: z.string().default(''),
    description: z.string().default(''),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const FeatureServiceDefinition = z
  .object({
    name: Name,
    /** `view` for all of its features, or `view:feature` for one. */
    features: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(:[^:\s]+)?$/, 'use VIEW or VIEW:FEATURE')).min(1),
    description: z.string().default(''),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const CHECK_KINDS = ['not_null', 'range', 'unique', 'allowed_values', 'regex', 'freshness'] as const;

/** What each kind of check needs besides its column. */
const CHECK_NEEDS: Record<(typeof CHECK_KINDS)[number], string | null> = {
  not_null: null,
  unique: null,
  range: 'min or max',
  allowed_values: 'values',
  regex: 'pattern',
  freshness: 'max_age',
};

export const QualityCheckDefinition = z
  .object({
    name: Name,
    /** A table or a feature view. */
    target: Name,
    column: z.string().min(1),
    check: z.enum(CHECK_KINDS),
    min: z.number().optional(),
    max: z.number().optional(),
    values: z
      .array(z.union([z.string(), z.number()]))
      .min(1)
      .optional(),
    pattern: z.string().min(1).optional(),
    max_age: Duration.optional(),
    /** A failing blocking check stops the materialization of its feature view. */
    blocking: z.boolean().default(false),
    description: z.string().default(''),
  })
  .strict()
  .superRefine((check, context) => {
    const needs = CHECK_NEEDS[check.check];
    const has =
      check.check === 'range'
        ? check.min !== undefined || check.max !== undefined
        : check.check === 'allowed_values'
          ? check.values !== undefined
          : check.check === 'regex'
            ? check.pattern !== undefined
            : check.check === 'freshness'
              ? check.max_age !== undefined
              : true;
    if (needs && !has)
      context.addIssue({ code: 'custom', message: `a ${check.check} check needs ${needs}`, path: ['check'] });
    if (check.pattern !== undefined) {
      try {
        new RegExp(check.pattern);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `not a valid regular expression: ${(error as Error).message}`,
          path: ['pattern'],
        });
      }
    }
  });

/** A definitions file, as `triad apply` reads it. */
export const FeatureDefinitions = z
  .object({
    entities: z.array(EntityDefinition).default([]),
    feature_views: z.array(FeatureViewDefinition).default([]),
    feature_services: z.array(FeatureServiceDefinition).default([]),
    quality_checks: z.array(QualityCheckDefinition).default([]),
  })
  .strict();

export type EntityDefinition = z.output<typeof EntityDefinition>;
export type FeatureViewDefinition = z.output<typeof FeatureViewDefinition>;
export type FeatureServiceDefinition = z.output<typeof FeatureServiceDefinition>;
export type QualityCheckDefinition = z.output<typeof QualityCheckDefinition>;
export type FeatureDefinitions = z.output<typeof FeatureDefinitions>;
