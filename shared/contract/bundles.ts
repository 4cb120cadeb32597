import { z } from 'zod';
import { BundleManifest } from './bundle-manifest.js';

export const IMPORT_ITEM_KINDS = [
  'pipeline',
  'entity',
  'feature view',
  'feature service',
  'quality check',
  'code',
  'model',
  'table',
  'training set',
] as const;
export const ImportItemKind = z.enum(IMPORT_ITEM_KINDS);
export type ImportItemKind = z.infer<typeof ImportItemKind>;

/** One thing a bundle would bring into the open project, and how it meets what is there. */
export const ImportItem = z.object({
  kind: ImportItemKind,
  name: z.string(),
  /** new: not in the project; identical: the project holds the same; conflict: the project holds another of that name. */
  status: z.enum(['new', 'identical', 'conflict']),
  /** Why a conflict cannot be renamed (other definitions name it in SQL, say), or null when it can. */
  renameRefusal: z.string().nullable(),
  detail: z.string(),
});
export type ImportItem = z.infer<typeof ImportItem>;

export const CONFLICT_ACTIONS = ['rename', 'overwrite', 'skip'] as const;
export const ConflictAction = z.enum(CONFLICT_ACTIONS);
export type ConflictAction = z.infer<typeof ConflictAction>;

/** What to do with one conflict: keep both (the bundle's under `name`), take the bundle's, or keep the project's. */
export const ConflictResolution = z.discriminatedUnion('action', [
  z.object({ action: z.literal('rename'), name: z.string().min(1) }),
  z.object({ action: z.literal('overwrite') }),
  z.object({ action: z.literal('skip') }),
]);
export type ConflictResolution = z.infer<typeof ConflictResolution>;

/** Resolutions by item, keyed `KIND:NAME` (e.g. `pipeline:flight_delays`). */
export const ConflictResolutions = z.record(z.string(), ConflictResolution);
export type ConflictResolutions = z.infer<typeof ConflictResolutions>;

export const itemKey = (item: { kind: ImportItemKind; name: string }) => `${item.kind}:${item.name}`;

export const SignatureVerdict = z.object({
  signed: z.boolean(),
  valid: z.boolean(),
  trusted: z.boolean(),
  signer: z.string().nullable(),
  keyId: z.string().nullable(),
  problem: z.string().nullable(),
});
export type SignatureVerdict = z.infer<typeof SignatureVerdict>;

/** What a bundle holds, whether it may be imported here, and what importing it would change. */
export const BundleInspection = z.object({
  file: z.string(),
  bytes: z.number().int(),
  manifest: BundleManifest,
  signature: SignatureVerdict,
  /** The project requires a trusted signature; an import of a bundle without one is refused. */
  signatureRequired: z.boolean(),
  items: z.array(ImportItem),
});
export type BundleInspection = z.infer<typeof BundleInspection>;

export const BundleExportChoices = z
  .object({
    pipeline: z.string().min(1, 'choose a pipeline'),
    withModels: z.boolean().default(false),
    withData: z.boolean().default(false),
  })
  .strict();

/** What an export would write, before anything is: each entry and its size. */
export const BundlePlanSummary = z.object({
  entries: z.array(z.object({ path: z.string(), bytes: z.number().int() })),
  /** The entries' sizes added up, uncompressed (the file is at most about this). */
  totalBytes: z.number().int(),
  contents: BundleManifest.shape.contents,
  /** Files the pipeline names outside the project folder, which a bundle cannot carry. */
  leftOut: z.array(z.string()),
  /** Where the file goes unless the user picks another place. */
  suggestedPath: z.string(),
});
export type BundlePlanSummary = z.infer<typeof BundlePlanSummary>;

export const BundleExportResult = z.object({
  file: z.string(),
  bytes: z.number().int(),
  contentHash: z.string(),
  signed: z.boolean(),
  entries: z.number().int(),
  /** Files the pipeline names outside the project folder, left out. */
  leftOut: z.array(z.string()),
});
export type BundleExportResult = z.infer<typeof BundleExportResult>;

export const BundleImportResult = z.object({
  /** The pipeline's name in the project (a new name when renamed) and its file in pipelines/. */
  pipeline: z.string(),
  file: z.string(),
  decisions: z.array(
    z.object({
      kind: ImportItemKind,
      name: z.string(),
      action: z.enum(['new', 'overwrite', 'rename', 'skip', 'identical']),
      as: z.string(),
    }),
  ),
  /** Model versions registered, NAME:VERSION. */
  models: z.array(z.string()),
});
export type BundleImportResult = z.infer<typeof BundleImportResult>;
