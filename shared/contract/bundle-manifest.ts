import { z } from 'zod';

/** The bundle format this release writes and reads; a bundle of another version is refused. */
export const BUNDLE_FORMAT_VERSION = 1;

const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('SHA-256, 64 lowercase hex digits');

export const BundleEntry = z
  .object({
    path: z.string().min(1).max(512).describe('where the entry is in the zip, with / between folders'),
    sha256: Sha256,
    bytes: z.number().int().nonnegative().describe('its size, uncompressed'),
  })
  .strict();
export type BundleEntry = z.infer<typeof BundleEntry>;

const ColumnOfTable = z.object({ name: z.string(), type: z.string(), format: z.string().nullable() }).strict();

export const BundleContents = z
  .object({
    pipeline: z.object({ name: z.string(), file: z.string(), description: z.string() }).strict(),
    features: z
      .object({
        entities: z.array(z.string()),
        featureViews: z.array(z.string()),
        featureServices: z.array(z.string()),
        qualityChecks: z.array(z.string()),
      })
      .strict()
      .describe('the names of the feature definitions in features/definitions.yaml'),
    code: z.array(z.string()).describe('project paths of the files its command steps run'),
    runs: z
      .array(
        z
          .object({
            id: z.string(),
            params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
            state: z.string(),
            finishedAt: z.string().nullable(),
            metrics: z.record(z.string(), z.number()),
          })
          .strict(),
      )
      .describe('the recorded runs summarised in runs/, newest first'),
    models: z
      .array(
        z
          .object({
            name: z.string(),
            version: z.number().int().positive(),
            contentHash: Sha256,
            aliases: z.array(z.string()),
          })
          .strict(),
      )
      .describe('model versions under models/ (empty unless exported with models)'),
    tables: z
      .array(
        z
          .object({
            name: z.string(),
            rows: z.number().int().nonnegative(),
            columns: z.array(ColumnOfTable),
            madeBySql: z.string().nullable(),
          })
          .strict(),
      )
      .describe('project tables under data/tables/ (empty unless exported with data)'),
    trainingSets: z
      .array(z.object({ table: z.string(), rows: z.number().int().nonnegative(), contentHash: Sha256 }).strict())
      .describe('training sets under data/training-sets/ (empty unless exported with data)'),
  })
  .strict();
export type BundleContents = z.infer<typeof BundleContents>;

export const BundleManifest = z
  .object({
    format: z.literal('triad-bundle'),
    formatVersion: z.number().int().positive().describe('the version of this format the bundle follows'),
    appVersion: z.string().describe('the Triad release that wrote it'),
    author: z.string().describe('who exported it'),
    createdAt: z.string().describe('the newest run or definition change it holds (ISO 8601), never the export time'),
    contentHash: Sha256.describe('SHA-256 of the lines "PATH SHA256 BYTES\\n" of its entries, in order'),
    contents: BundleContents,
    entries: z.array(BundleEntry).describe('every entry but manifest.json and signature.json, in zip order'),
  })
  .strict();
export type BundleManifest = z.infer<typeof BundleManifest>;

/** The JSON Schema of manifest.json, published in docs/schemas. */
export function bundleManifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(BundleManifest),
    $id: 'https://triad.dev/schemas/bundle-manifest.schema.json',
    title: 'Triad pipeline bundle manifest',
    description: 'The first entry of a .triad bundle: what it holds, and the SHA-256 and size of every other entry.',
  };
}
